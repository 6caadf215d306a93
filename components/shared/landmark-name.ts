/**
 * Unique names for the landmarks (regions) a view draws, so that two copies of one element on a
 * page (two monitors, two endpoints on a course page) do not give a screen reader two regions of the
 * same name (axe `landmark-unique`). The first element of its kind keeps the plain name; the n-th
 * adds " (n)" (its position among the elements of that tag in the same document or shadow root).
 */

/** The name `name` of a landmark inside `host`, made unique among the copies of `host`'s element. */
export function landmarkName(host: Element, name: string): string {
  const root = host.getRootNode();
  if (!('querySelectorAll' in root)) return name;
  const copies = [...(root as ParentNode).querySelectorAll(host.localName)];
  const at = copies.indexOf(host);
  return at > 0 ? `${name} (${at + 1})` : name;
}
