// area() and distance() of ODK geopoints, geotraces and geoshapes, in m² and metres, as the
// server's surveys/expressions/geo.py: a sphere of ODK's equatorial radius, rounded to the
// centimetre; a value that is not a list of valid points gives NaN.
import { split, strip } from "./text.js";
import { NodeSet, toString } from "./values.js";

const EARTH_RADIUS = 6_378_100;
const DECIMAL = /^[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?$/;
const radians = (degrees) => (degrees * Math.PI) / 180;

function point(text) {
  const parts = split(text);
  if (parts.length < 2 || parts.length > 4 || !parts.every((p) => DECIMAL.test(p))) return null;
  const numbers = parts.map(Number);
  const [lat, lon] = numbers;
  if (!(lat >= -90 && lat <= 90 && lon >= -180 && lon <= 180)) return null;
  if (numbers.length === 4 && numbers[3] < 0) return null;
  return [lat, lon];
}

/** "lat lon [alt [acc]];…", a node-set of geopoints, or several geopoint arguments. */
function pointsOf(values) {
  let texts;
  if (values.length === 1 && !(values[0] instanceof NodeSet)) {
    texts = toString(values[0]).split(";");
    if (texts.length > 1 && !strip(texts[texts.length - 1])) texts.pop();
  } else {
    texts = values.flatMap((v) => (v instanceof NodeSet ? v.items : [toString(v)]));
  }
  const points = texts.map(point);
  return points.includes(null) ? null : points;
}

const centimetres = (value) => Math.abs(Math.floor(value * 100 + 0.5)) / 100;

/** The area of the polygon the points draw (0 for fewer than 3 points). */
export function area(values) {
  const points = pointsOf(values);
  if (!points) return NaN;
  let total = 0;
  if (points.length > 2) {
    points.forEach(([lat1, lon1], i) => {
      const [lat2, lon2] = points[(i + 1) % points.length];
      total += radians(lon2 - lon1) * (2 + Math.sin(radians(lat1)) + Math.sin(radians(lat2)));
    });
    total = (total * EARTH_RADIUS * EARTH_RADIUS) / 2;
  }
  return centimetres(total);
}

/** The length of the line through the points, in order (spherical law of cosines). */
export function distance(values) {
  const points = pointsOf(values);
  if (!points) return NaN;
  let total = 0;
  for (let i = 1; i < points.length; i += 1) {
    const [lat1, lon1] = points[i - 1];
    const [lat2, lon2] = points[i];
    const phi1 = radians(lat1);
    const phi2 = radians(lat2);
    const cosine = Math.sin(phi1) * Math.sin(phi2) + Math.cos(phi1) * Math.cos(phi2) * Math.cos(radians(lon1 - lon2));
    total += Math.acos(Math.max(-1, Math.min(1, cosine))) * EARTH_RADIUS;
  }
  return centimetres(total);
}
