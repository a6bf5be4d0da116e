// Preact hooks over the state both apps share: who is logged in.
import { useEffect, useState } from "preact/hooks";
import { currentSession, onSessionChange } from "./session.js";

export function useSession() {
  const [session, setSession] = useState(currentSession());
  useEffect(() => onSessionChange(setSession), []);
  return session;
}
