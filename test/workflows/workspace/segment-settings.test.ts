import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { formatViolation } from '../../../workflows/rules/violation.ts';
import { catalogFromWorkspace } from '../../../workflows/workspace/catalog.ts';
import { loadWorkspace } from '../../../workflows/workspace/workspace.ts';

/** The segment section of workspace.config.yaml: how Segment calls become events. */

function workspaceWith(config: readonly string[]): string {
  const root = mkdtempSync(join(tmpdir(), 'segment-settings-'));
  mkdirSync(join(root, 'journeys'));
  writeFileSync(join(root, 'workspace.config.yaml'), `${config.join('\n')}\n`);
  return root;
}

const shown = (root: string) =>
  loadWorkspace(root).violations.map((violation) =>
    formatViolation({ ...violation, file: violation.file.replace(`${root}/`, '') }),
  );

describe('the segment section of workspace.config.yaml', () => {
  test('is carried into the catalog the runtimes run, with its defaults filled in', async () => {
    // Prepare
    const root = workspaceWith([
      'segment:',
      '  tracks:',
      '    Application Opened: app_opened',
      '  phone_region: CN',
    ]);

    // Act
    const catalog = await catalogFromWorkspace(root);

    // Assess
    expect(catalog.segment).toEqual({
      tracks: { 'Application Opened': 'app_opened' },
      other_tracks: 'custom',
      traits: {},
      phone_region: 'CN',
    });
  });

  test('refuses a track mapped to a known event that has no mapping of its properties, at its line', () => {
    const root = workspaceWith([
      'segment:',
      '  tracks:',
      '    Coupon Applied: coupon_redeemed',
      '    Cart Viewed: add_to_cart',
    ]);

    expect(shown(root)).toEqual([
      'workspace.config.yaml:3:21 segment.tracks.Coupon Applied: "coupon_redeemed" is a known event without a mapping of ' +
        'Segment\'s properties; map "Coupon Applied" to add_to_cart, purchase, signup or to a custom event name [config.segment_unmapped_event]',
    ]);
  });

  test('refuses what breaks its schema at its own lines', () => {
    // Prepare
    const root = workspaceWith([
      'segment:',
      '  tracks:',
      '    Video Played: Video Played',
      '  other_tracks: drop',
      '  traits:',
      '    plan: plan name',
      '  phone_region: china',
    ]);

    // Act
    const violations = shown(root).map((line) => line.replace(/ \[.*\]$/, '').replace(/: .*$/, ''));

    // Assess
    expect(violations).toEqual([
      'workspace.config.yaml:3:19 segment.tracks.Video Played',
      'workspace.config.yaml:4:17 segment.other_tracks',
      'workspace.config.yaml:6:11 segment.traits.plan',
      'workspace.config.yaml:7:17 segment.phone_region',
    ]);
  });
});
