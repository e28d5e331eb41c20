import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { formatViolation, type LocatedViolation } from '../../../workflows/rules/violation.ts';
import { loadWorkspace } from '../../../workflows/workspace/workspace.ts';

/**
 * The workspace's events.catalog.yaml: the custom events journeys may use, checked at its own
 * lines; journeys naming an event or property it does not declare are refused.
 */

const JOURNEY = [
  'id: app-nudge',
  'name: App nudge',
  'description: Nudges who opened the app on iOS.',
  'version: 1',
  'trigger:',
  '  kind: event',
  '  event: app_opened',
  '  filter:',
  '    - { property: device.os, op: eq, value: ios }',
  'steps:',
  '  - id: send-tip',
  '    kind: send',
  '    channel: in_app',
  '    template: app-tip',
  '',
].join('\n');

/** A workspace of one journey on app_opened, with `catalog` as its events.catalog.yaml (none when null). */
function workspaceWith(catalog: string | null, journey = JOURNEY): string {
  const root = mkdtempSync(join(tmpdir(), 'event-catalog-'));
  mkdirSync(join(root, 'journeys'));
  mkdirSync(join(root, 'templates'));
  writeFileSync(join(root, 'journeys', 'app-nudge.journey.yaml'), journey);
  writeFileSync(
    join(root, 'templates', 'app-tip.template.yaml'),
    'id: app-tip\nchannel: in_app\nbody: A tip.\n',
  );
  if (catalog !== null) writeFileSync(join(root, 'events.catalog.yaml'), catalog);
  return root;
}

const shown = (violations: readonly LocatedViolation[], root: string) =>
  violations.map((violation) =>
    formatViolation({ ...violation, file: violation.file.replace(`${root}/`, '') }),
  );

const APP_OPENED = ['events:', '  app_opened:', '    properties:', '      device:', '        type: object'];

describe('the event catalog of a workspace', () => {
  test('a journey on a declared custom event and property is valid', () => {
    // Prepare
    const root = workspaceWith([...APP_OPENED, '        properties: { os: string }', ''].join('\n'));

    // Act
    const workspace = loadWorkspace(root);

    // Assess
    expect(workspace.violations).toEqual([]);
    expect(workspace.journeys.map((loaded) => loaded.journey.id)).toEqual(['app-nudge']);
    expect(workspace.eventCatalog.events?.get('app_opened')?.source).toBe('catalog');
  });

  test('without a catalog only the known events are declared, and the message lists them and says where to declare', () => {
    // Prepare
    const root = workspaceWith(null);

    // Act
    const [violation, ...rest] = loadWorkspace(root).violations;

    // Assess
    expect(rest).toEqual([]);
    expect(violation?.code).toBe('event.unknown_event');
    expect(violation?.line).toBe(7);
    expect(violation?.message).toMatch(
      /^no event "app_opened"; expected one of: add_to_cart, coupon_redeemed, /,
    );
    expect(violation?.message).toContain('or declare a custom event under events in events.catalog.yaml');
  });

  test('an object declared without properties accepts any path below it', () => {
    const root = workspaceWith([...APP_OPENED, ''].join('\n'));

    expect(loadWorkspace(root).violations).toEqual([]);
  });

  test('a property the catalog does not declare is refused with the declared ones', () => {
    // Prepare
    const root = workspaceWith(
      [...APP_OPENED, '        properties: { model: string, version: string }', ''].join('\n'),
    );

    // Act
    const violations = shown(loadWorkspace(root).violations, root);

    // Assess
    expect(violations).toEqual([
      'journeys/app-nudge.journey.yaml:9:19 trigger.filter[0].property: event "app_opened" has no property "device.os"; ' +
        'expected one of: device.model, device.version (declare it under events.app_opened.properties in events.catalog.yaml) [event.unknown_property]',
    ]);
  });

  test('a catalog that breaks its schema is refused at its own lines, and journeys are not checked against it', () => {
    // Prepare
    const root = workspaceWith(
      [
        'events:',
        '  App Opened:',
        '    properties: {}',
        '  app_opened:',
        '    properties:',
        '      device: { type: strin }',
        '      screen: { type: string, properties: { name: string } }',
        '      prototype: number',
        '    owner: app-team',
        '',
      ].join('\n'),
    );

    // Act
    const violations = shown(loadWorkspace(root).violations, root);

    // Assess
    expect(violations).toEqual([
      'events.catalog.yaml:2:3 events.App Opened: the name "App Opened" is not allowed: expected a snake_case event name such as "add_to_cart" [schema.invalid_key]',
      'events.catalog.yaml:6:23 events.app_opened.properties.device.type: expected a property type: string, number, boolean, object, array [schema.invalid_value]',
      'events.catalog.yaml:7:31 events.app_opened.properties.screen.properties: only an object has properties; this property is a string [schema.custom]',
      'events.catalog.yaml:8:7 events.app_opened.properties.prototype: the name "prototype" is not allowed: expected another name: the events API refuses __proto__, constructor and prototype [schema.invalid_key]',
      'events.catalog.yaml:9:5 events.app_opened.owner: unknown field "owner"; check its spelling or remove it [schema.unknown_field]',
    ]);
  });

  test('a catalog that declares a known event is told the contract declares it', () => {
    // Prepare
    const root = workspaceWith(
      [...APP_OPENED, '  purchase:', '    properties: { total: number }', ''].join('\n'),
    );

    // Act
    const violations = shown(loadWorkspace(root).violations, root);

    // Assess
    expect(violations).toEqual([
      'events.catalog.yaml:6:3 events.purchase: "purchase" is a known event: the events API declares it and its properties ' +
        '(orderId, orderValue, couponOfferId, category, products); remove it from the catalog [catalog.known_event]',
    ]);
  });
});
