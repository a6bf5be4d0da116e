// Imported first by the tests that format dates: the organisers' and residents' time zone, set
// before any module builds its Intl formats (they keep the zone they were made in).
process.env.TZ = "Europe/Paris";
