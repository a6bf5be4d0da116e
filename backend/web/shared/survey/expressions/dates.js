// Dates in expressions: a calendar date, or a date-time with its UTC offset (minutes), in the
// proleptic Gregorian calendar from year 1, as Python's datetime does on the server. Dates are
// read in the evaluation's zone (the device's UTC offset): a date is midnight there, a date-time
// written without offset is local time there (surveys/expressions/values.py, the same rules).
import { asciiDigits, ExpressionError, strip } from "./text.js";

let zone = 0; // minutes east of UTC of the evaluation under way

/** The UTC offset (minutes) of the evaluation under way. */
export const currentZone = () => zone;

/** Run ``fn`` with ``minutes`` as the device's UTC offset. */
export function inZone(minutes, fn) {
  const saved = zone;
  zone = minutes;
  try {
    return fn();
  } finally {
    zone = saved;
  }
}

export class DateValue {
  /** ``offset`` is undefined for a plain date, null for a date-time written without offset (local
   * time); the fields are the wall clock at that offset. */
  constructor(year, month, day, hour = 0, minute = 0, second = 0, micro = 0, offset = undefined) {
    Object.assign(this, { year, month, day, hour, minute, second, micro, offset });
  }
  get isDateTime() {
    return this.offset !== undefined;
  }
}

const pad = (n, width = 2) => String(n).padStart(width, "0");
// %b and %a in the form's language: French unless the form is in English.
const MONTHS = {
  fr: ["janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc."],
  en: ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"],
};
const WEEKDAYS = {
  fr: ["lun.", "mar.", "mer.", "jeu.", "ven.", "sam.", "dim."],
  en: ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"],
};

/** ``"English (en)"``, ``"en-GB"`` or ``"en"`` → ``"en"``; French otherwise. */
export function languageCode(language) {
  let text = strip(String(language || "")).toLowerCase();
  if (text.endsWith(")") && text.includes("(")) text = text.slice(text.lastIndexOf("(") + 1, -1);
  return ["en", "english"].includes(text.split("-")[0]) ? "en" : "fr";
}
const LIMIT_DAYS = 2_000_000;
const FIRST_DAY = -719162; // 0001-01-01

/** Days from 1970-01-01 to a civil date (H. Hinnant's algorithm, exact for every year). */
export function daysFromCivil(year, month, day) {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

export function civilFromDays(days) {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return [yoe + era * 400 + (month <= 2 ? 1 : 0), month, day];
}

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const leap = (y) => y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
const validDate = (y, m, d) =>
  y >= 1 && y <= 9999 && m >= 1 && m <= 12 && d >= 1 && d <= MONTH_DAYS[m - 1] + (m === 2 && leap(y) ? 1 : 0);

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const D = "(\\p{Nd}{2})";
const ZONE = "(Z|[+-]\\p{Nd}{2}(?::?\\p{Nd}{2})?)?";
const DATETIME = new RegExp(`^(\\p{Nd}{4})-${D}-${D}[T ]${D}:${D}(?::${D}(?:\\.(\\p{Nd}{1,9}))?)?${ZONE}$`, "u");
const TIME = new RegExp(`^${D}:${D}(?::${D}(?:\\.(\\p{Nd}{1,9}))?)?${ZONE}$`, "u");

const digits = asciiDigits;
const int = (text) => Number(digits(text));

/** Minutes east of UTC for an ISO suffix (``Z``, ``+01:00``, ``-0500``); null when impossible. */
function parseZone(suffix) {
  if (!suffix || suffix === "Z") return 0;
  const sign = suffix[0] === "-" ? -1 : 1;
  const rest = digits(suffix.slice(1)).replace(":", "");
  const hours = Number(rest.slice(0, 2));
  const minutes = Number(rest.slice(2, 4) || 0);
  return hours > 23 || minutes > 59 ? null : sign * (hours * 60 + minutes);
}

function clockFields(hour, minute, second, fraction) {
  const h = int(hour);
  const mi = int(minute);
  const s = second ? int(second) : 0;
  if (h > 23 || mi > 59 || s > 59) return null;
  return [
    h,
    mi,
    s,
    Number(
      digits(fraction || "0")
        .slice(0, 6)
        .padEnd(6, "0"),
    ),
  ];
}

/** The date or date-time ``text`` spells in ISO 8601 (a date-time without zone is UTC), or null. */
export function parseDate(text) {
  const trimmed = strip(text);
  let match = DATE.exec(trimmed);
  if (match) {
    const [y, m, d] = match.slice(1).map(Number);
    return validDate(y, m, d) ? new DateValue(y, m, d) : null;
  }
  match = DATETIME.exec(trimmed);
  if (!match) return null;
  const [y, m, d] = match.slice(1, 4).map(int);
  const clock = clockFields(match[4], match[5], match[6], match[7]);
  const offset = match[8] ? parseZone(match[8]) : null;
  if (!validDate(y, m, d) || !clock || (match[8] && offset === null)) return null;
  return new DateValue(y, m, d, ...clock, offset);
}

const LOOSE_DATE = /^(\p{Nd}{4})-(\p{Nd}{1,2})-(\p{Nd}{1,2})$/u;

/** ``1970-1-2``, which date() reads too; null when not such a date. */
export function parseLooseDate(text) {
  const match = LOOSE_DATE.exec(text);
  if (!match) return null;
  const [y, m, d] = match.slice(1).map(int);
  return validDate(y, m, d) ? new DateValue(y, m, d) : null;
}

/** The time of day ``text`` spells (``HH:MM[:SS[.sss]][zone]``) as [h, m, s, µs, offset], or null
 * (the offset is undefined when none is written). */
export function parseTime(text) {
  const match = TIME.exec(strip(text));
  if (!match) return null;
  const clock = clockFields(match[1], match[2], match[3], match[4]);
  const offset = match[5] ? parseZone(match[5]) : undefined;
  if (!clock || offset === null) return null;
  return [...clock, offset];
}

/** Days since 1970-01-01 UTC; a date is midnight in the evaluation's zone. */
export function daysSinceEpoch(value) {
  const days = daysFromCivil(value.year, value.month, value.day);
  if (!value.isDateTime) return zone ? days - zone / 1440 : days;
  const offset = value.offset ?? zone;
  const seconds = days * 86400 + value.hour * 3600 + value.minute * 60 + value.second - offset * 60;
  return (value.micro ? seconds + value.micro / 1e6 : seconds) / 86400;
}

/** The date-time at ``micros`` microseconds after 1970-01-01T00:00Z, on the clock of ``offset``. */
function fromMicros(micros, offset) {
  const local = micros + offset * 60_000_000;
  const day = Math.floor(local / 86_400_000_000);
  let rest = local - day * 86_400_000_000;
  const [y, m, d] = civilFromDays(day);
  const hour = Math.floor(rest / 3_600_000_000);
  rest -= hour * 3_600_000_000;
  const minute = Math.floor(rest / 60_000_000);
  rest -= minute * 60_000_000;
  const second = Math.floor(rest / 1_000_000);
  return new DateValue(y, m, d, hour, minute, second, rest - second * 1_000_000, offset);
}

/** A date-time on the evaluation zone's clock (one written without offset is local time). */
export function localise(value) {
  if (!value.isDateTime) return value;
  if (value.offset === null || value.offset === zone) {
    return new DateValue(value.year, value.month, value.day, value.hour, value.minute, value.second, value.micro, zone);
  }
  const days = daysFromCivil(value.year, value.month, value.day);
  const seconds = days * 86400 + value.hour * 3600 + value.minute * 60 + value.second - value.offset * 60;
  return fromMicros(seconds * 1_000_000 + value.micro, zone);
}

function outOfRange() {
  return new ExpressionError("invalid_date", "date hors limites");
}

/** The date ``days`` after 1970-01-01 (the fraction is dropped). */
export function dateFromDays(days) {
  if (!Number.isFinite(days) || Math.abs(days) > LIMIT_DAYS) throw outOfRange();
  const whole = Math.floor(days);
  if (whole < FIRST_DAY) throw outOfRange();
  return new DateValue(...civilFromDays(whole));
}

/** The instant ``days`` after 1970-01-01 UTC in the evaluation's zone: a date when it is a local
 * midnight, else a date-time (``date(x)`` of a number). */
export function momentFromDays(days) {
  dateFromDays(days); // refuses NaN, infinities and dates out of range
  const moment = fromMicros(Math.round(days * 86_400_000_000), zone);
  if (moment.year < 1 || moment.year > 9999) throw outOfRange();
  if (moment.hour || moment.minute || moment.second || moment.micro) return moment;
  return new DateValue(moment.year, moment.month, moment.day);
}

/** A date-time for a JavaScript Date in the phone's own time zone (for now()). */
export function fromJsDate(date) {
  const offset = -date.getTimezoneOffset();
  return new DateValue(
    date.getFullYear(),
    date.getMonth() + 1,
    date.getDate(),
    date.getHours(),
    date.getMinutes(),
    date.getSeconds(),
    date.getMilliseconds() * 1000,
    offset,
  );
}

function formatOffset(offset) {
  const sign = offset < 0 ? "-" : "+";
  return `${sign}${pad(Math.floor(Math.abs(offset) / 60))}:${pad(Math.abs(offset) % 60)}`;
}

/** ``2024-03-01``, or ODK's date-time form ``2024-03-01T18:30:00.000+01:00``. */
export function formatDateValue(value) {
  if (!value.isDateTime) return `${pad(value.year, 4)}-${pad(value.month)}-${pad(value.day)}`;
  if (value.offset === null) value = localise(value);
  // The year is not padded, as the server's strftime("%Y") does not pad it.
  return (
    `${value.year}-${pad(value.month)}-${pad(value.day)}T${pad(value.hour)}:${pad(value.minute)}:` +
    `${pad(value.second)}.${pad(Math.floor(value.micro / 1000), 3)}${formatOffset(value.offset)}`
  );
}

/** ODK ``format-date`` patterns: %Y %y %m %n %b %d %e %a %H %h %M %S %3. */
export function renderDate(value, pattern, language = "fr") {
  const weekday = (((daysFromCivil(value.year, value.month, value.day) + 3) % 7) + 7) % 7;
  const fields = {
    Y: pad(value.year, 4),
    y: pad(value.year % 100),
    m: pad(value.month),
    n: String(value.month),
    b: MONTHS[language][value.month - 1],
    d: pad(value.day),
    e: String(value.day),
    a: WEEKDAYS[language][weekday],
    H: pad(value.hour),
    h: String(value.hour),
    M: pad(value.minute),
    S: pad(value.second),
    3: pad(Math.floor(value.micro / 1000), 3),
  };
  let out = "";
  const chars = Array.from(pattern);
  for (let i = 0; i < chars.length; i += 1) {
    if (chars[i] !== "%") {
      out += chars[i];
      continue;
    }
    const code = i + 1 < chars.length ? chars[++i] : "";
    out += Object.hasOwn(fields, code) ? fields[code] : code === "%" ? "%" : "%" + code;
  }
  return out;
}
