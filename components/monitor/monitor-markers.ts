/**
 * Turns lab events into the monitor chart's markers: detector alarms, alerts, retrains, deploys,
 * rollbacks and incidents, each at the stream position where it happened and labelled with the
 * version it concerns. Pure: no DOM, no Chart.js.
 */
import type { LabEvent } from '../../src/loop/engine/events';

/** What a marker stands for. */
export type MarkerKind = 'drift' | 'alert' | 'alert-resolved' | 'retrain' | 'deploy' | 'rollback' | 'incident';

/** One marker of the chart. `x` is the stream position (requests sent when it happened). */
export interface MonitorMarker {
  kind: MarkerKind;
  x: number;
  /** Simulated seconds. */
  t: number;
  /** The version it concerns, when there is one. */
  version: string | null;
  /** Short text drawn on the chart (for retrain / deploy / rollback) and used in the marker list. */
  label: string;
  /** One plain sentence: what happened and why. */
  detail: string;
  /** For a detector alarm: the stream it watched (the error rate, or the model's confidence). */
  source?: 'error' | 'confidence';
}

/** The stream position of an event: its `index` is the last request sent, so position = index + 1 (never below 0). */
export function positionOf(event: { index: number }): number {
  return Math.max(0, event.index + 1);
}

/**
 * The marker of one event, or null for events the chart does not mark (stations, epochs, the end,
 * decisions other than rollbacks, alias moves that clear an alias).
 */
export function markerOf(event: LabEvent): MonitorMarker | null {
  const x = positionOf(event);
  switch (event.type) {
    case 'drift':
      return {
        kind: 'drift',
        x,
        t: event.t,
        version: event.version,
        source: event.source,
        label: `${event.detector.toUpperCase()} drift (${event.source === 'error' ? 'error rate' : 'confidence'})`,
        detail: `Detector ${event.detector.toUpperCase()} raised a drift alarm on the ${event.source === 'error' ? 'error rate' : 'confidence'} of ${event.version}.`,
      };
    case 'alert': {
      const a = event.alert;
      if (event.change === 'raised') return { kind: 'alert', x, t: event.t, version: null, label: `${a.ruleId} raised`, detail: `Alert ${a.ruleId} (${a.severity}) raised: ${a.metric} was ${round(a.valueAtRaise)}, threshold ${a.threshold}.` };
      return { kind: 'alert-resolved', x, t: event.t, version: null, label: `${a.ruleId} resolved`, detail: `Alert ${a.ruleId} resolved.` };
    }
    case 'version':
      return { kind: 'retrain', x, t: event.t, version: event.version.id, label: `${event.version.id} trained`, detail: `${event.version.id} trained (trigger: ${event.version.trigger}${event.version.parent ? `, parent ${event.version.parent}` : ''}), evaluation accuracy ${pct(event.version.evaluation.accuracy)}.` };
    case 'alias':
      if (event.version === null) return null;
      return {
        kind: 'deploy',
        x,
        t: event.t,
        version: event.version,
        label: event.alias === 'production' ? `${event.version} live` : `${event.version} ${event.alias}`,
        detail: `${event.version} became ${event.alias}${event.previous ? ` (was ${event.previous})` : ''}: ${event.reason}.`,
      };
    case 'decision':
      if (event.kind !== 'rollback') return null;
      return { kind: 'rollback', x, t: event.t, version: event.version ?? null, label: event.version ? `rollback ${event.version}` : 'rollback', detail: `Rollback by ${event.actor}: ${event.reason}.` };
    case 'incident':
      return { kind: 'incident', x, t: event.t, version: null, label: event.incident, detail: event.description };
    default:
      return null;
  }
}

/**
 * Adds the marker of `event` to `markers` (kept in arrival order, at most `limit`, oldest dropped).
 * A production rollback emits an alias move and then a rollback decision at the same position for
 * the same version: the move's deploy marker becomes the rollback marker instead of doubling it.
 * Returns the marker added (or changed), or null.
 */
export function addMarker(markers: MonitorMarker[], event: LabEvent, limit: number): MonitorMarker | null {
  const marker = markerOf(event);
  if (!marker) return null;
  if (marker.kind === 'rollback') {
    for (let i = markers.length - 1; i >= 0 && (markers[i] as MonitorMarker).x === marker.x; i--) {
      const m = markers[i] as MonitorMarker;
      if (m.kind === 'deploy' && m.version === marker.version) {
        const merged: MonitorMarker = { ...marker, label: `rollback to ${marker.version ?? '?'}`, detail: `${marker.detail} Production is ${marker.version ?? 'none'} again.` };
        markers[i] = merged;
        return merged;
      }
    }
  }
  markers.push(marker);
  if (markers.length > limit) markers.splice(0, markers.length - limit);
  return marker;
}

function round(v: number): string {
  return Number.isFinite(v) ? String(Math.round(v * 1000) / 1000) : String(v);
}

function pct(v: number): string {
  return `${Math.round(v * 1000) / 10}%`;
}

/**
 * The markers within `span` requests of stream position `x` (closest first, at most `limit`), as
 * "label (request N)" lines: what a chart's tooltip lists on hover, so every marker can be read even
 * when its label found no room in the lane above the plot.
 */
export function markersNear(markers: readonly MonitorMarker[], x: number, span: number, limit = 4): string[] {
  return markers
    .filter((m) => Math.abs(m.x - x) <= span)
    .sort((a, b) => Math.abs(a.x - x) - Math.abs(b.x - x) || a.x - b.x)
    .slice(0, limit)
    .map((m) => `${m.kind === 'drift' || m.kind === 'alert' || m.kind === 'alert-resolved' ? m.detail.replace(/\.$/, '') : m.label} (request ${Math.round(m.x).toLocaleString('en-US')})`);
}
