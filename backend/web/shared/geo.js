// The phone's position while the report screen is open (never in the background).
import { useEffect, useState } from "preact/hooks";

/** Below this accuracy (metres) the GPS position is used as is; above, the resident taps the map. */
export const GOOD_ACCURACY_M = 100;

export function usePosition() {
  const [position, setPosition] = useState({ status: "searching" });
  useEffect(() => {
    if (!("geolocation" in navigator)) {
      setPosition({ status: "unavailable" });
      return undefined;
    }
    const id = navigator.geolocation.watchPosition(
      ({ coords }) =>
        setPosition({
          status: "ok",
          lon: coords.longitude,
          lat: coords.latitude,
          accuracy: Math.round(coords.accuracy),
        }),
      (error) => setPosition((p) => (p.status === "ok" ? p : { status: error.code === 1 ? "denied" : "unavailable" })),
      { enableHighAccuracy: true, maximumAge: 15_000, timeout: 30_000 },
    );
    return () => navigator.geolocation.clearWatch(id);
  }, []);
  return position;
}
