/** What every screen is given. Its own module so screens need not import the screen list that imports them. */
export interface ScreenProps {
  /** Route segments after the screen's own (`#/pull/<id>` → [id]). */
  path: readonly string[];
}
