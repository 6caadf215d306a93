/** Which Lab attributes an element keeps for itself (the LabController neither reads nor watches them). */
import { LAB_ATTRIBUTES } from './lab-attributes';

/**
 * Lab attributes the host element declares as its own properties with another meaning (a drill's
 * `seed` seeds the drill): the controller leaves them alone. `scenario` always means the Lab's scenario.
 */
export function ownAttributes(host: Element): Set<string> {
  // An element not upgraded yet (a group's first member, read before its class is defined) is read as its class declares.
  const type = (typeof customElements !== 'undefined' ? customElements.get(host.localName) : undefined) ?? host.constructor;
  const declared = (type as { elementProperties?: Map<PropertyKey, { attribute?: unknown }> }).elementProperties;
  const names = new Set<string>();
  for (const [key, options] of declared ?? []) {
    const attribute = options.attribute === false ? null : typeof options.attribute === 'string' ? options.attribute : String(key).toLowerCase();
    if (attribute && attribute !== 'scenario' && (LAB_ATTRIBUTES as readonly string[]).includes(attribute)) names.add(attribute);
  }
  return names;
}
