import { describe, expect, test } from 'vitest';
import {
  PLANTED_EXPERIMENT,
  plantedJourneyProblems,
  plantedRunProblems,
} from '../../bench/planted-experiment.ts';
import type { Journey } from '../../workflows/schema/index.ts';
import { catalogFromWorkspace } from '../../workflows/workspace/catalog.ts';

const { workspace, journeyId, startAt, plant } = PLANTED_EXPERIMENT;
const plantedJourney = async () => (await catalogFromWorkspace(workspace)).journeys.get(journeyId) as Journey;

describe('the planted experiment of the statistics bench', () => {
  test('has a journey that starts with the simulation and attributes every simulated day', async () => {
    expect(plantedJourneyProblems(await plantedJourney(), startAt, plant.days)).toEqual([]);
  });

  test('refuses a journey whose window ends before the simulation does, or that starts later', async () => {
    // Prepare
    const journey = await plantedJourney();
    const shortWindow = { ...journey, goal: { event: 'purchase', within: '2d' } } as Journey;
    // Act
    const problems = [
      ...plantedJourneyProblems(shortWindow, startAt, plant.days),
      ...plantedJourneyProblems(journey, startAt - 3_600_000, plant.days),
    ];
    // Assess
    expect(problems).toEqual([
      'expected planted-lift to attribute orders for all 3 days, got a goal window of 2d',
      'expected planted-lift scheduled at 2027-03-01T01:00:00.000Z, got 2027-03-01T02:00:00.000Z',
    ]);
  });

  test('refuses a run in which a treated customer went unreached', () => {
    expect(plantedRunProblems({ entered: 870, heldOut: 430, reached: 440 }, 0)).toEqual([]);
    expect(plantedRunProblems({ entered: 870, heldOut: 430, reached: 439 }, 1)).toEqual([
      '1 executions failed',
      'expected every one of the 440 treated customers reached, got 439',
    ]);
  });
});
