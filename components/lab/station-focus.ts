/**
 * Which of the lab page's views shows each station of the loop diagram, and bringing it into sight
 * when the learner activates a station (`mlops-station-select` from `<mlops-loop>`).
 */
import type { Station } from '../../src/loop/engine/stations';

/** The view that shows each station (by tag); the alerts view wins for a station with alerts. */
const STATION_VIEW: Readonly<Record<Station, string>> = {
  data: 'mlops-dataset',
  train: 'mlops-registry',
  evaluate: 'mlops-registry',
  deploy: 'mlops-endpoint',
  observe: 'mlops-monitor',
  feedback: 'mlops-traffic',
};

/**
 * Marks the view of `station` (inside `root`'s `.views`) with `data-focus` and scrolls it into
 * sight; the observe station goes to the alerts view while alerts are active. Does nothing when that
 * view is not on the page.
 */
export function focusStationView(root: ParentNode, station: Station, activeAlerts: number): void {
  const tag = activeAlerts > 0 && station === 'observe' && customElements.get('mlops-alerts') ? 'mlops-alerts' : STATION_VIEW[station];
  const view = root.querySelector<HTMLElement>(tag);
  if (!view || !customElements.get(tag)) return;
  for (const other of root.querySelectorAll('.views > [data-focus]')) other.removeAttribute('data-focus');
  view.setAttribute('data-focus', station);
  view.scrollIntoView({ behavior: 'smooth', block: 'nearest' });
}
