import type { Decision } from './import-report.ts';
import type { PinpointJourney } from './journey-input.ts';

/** What the journey's own fields became: its name and id, its state, and the Pinpoint-only settings. */
export function journeyNotes(journey: PinpointJourney, id: string): Decision[] {
  const notes: Decision[] = [
    {
      subject: 'Name',
      outcome: 'mapped',
      detail: `journey ${id}, named "${journey.Name.slice(0, 120)}"${journey.Name.length > 120 ? ' (cut to 120 characters)' : ''}`,
      field: 'name',
    },
  ];
  if (journey.State && journey.State !== 'ACTIVE')
    notes.push({
      subject: 'State',
      outcome: 'mapped',
      detail: `the journey was ${journey.State} in Pinpoint; here it runs once deployed`,
    });
  if (journey.JourneyChannelSettings)
    notes.push({
      subject: 'JourneyChannelSettings',
      outcome: 'lost',
      detail: 'the Amazon Connect campaign settings have no counterpart here',
      field: 'trigger',
    });
  if (journey.TimezoneEstimationMethods?.length)
    notes.push({
      subject: 'TimezoneEstimationMethods',
      outcome: 'approximated',
      detail: `Pinpoint guessed endpoints' zones from ${journey.TimezoneEstimationMethods.join(' and ')}; here each profile carries its own time zone`,
    });
  return notes;
}
