/**
 * How long an SMS is and how many segments it is billed as. A text of GSM 03.38 characters
 * goes as GSM-7: 160 septets in one segment, or 153 in each once split (the rest of each
 * part's 140 bytes carries the concatenation header). Any other character makes the whole
 * text UCS-2: 70 UTF-16 code units, or 67 each, so an emoji outside the Basic Multilingual
 * Plane counts 2. (AWS End User Messaging SMS User Guide, "SMS character limits".)
 */

export type SmsEncoding = 'GSM-7' | 'UCS-2';

/** The septets or code units one segment holds, alone or as a part of a longer text. */
export const SEGMENT_UNITS: Readonly<Record<SmsEncoding, { single: number; part: number }>> = {
  'GSM-7': { single: 160, part: 153 },
  'UCS-2': { single: 70, part: 67 },
};

/** The most segments `journeys validate` lets an SMS template take (AWS sends at most 1,600 characters). */
export const MAX_SMS_SEGMENTS = 10;

/** The GSM 03.38 default alphabet, one septet each (0x1B, the escape to the extension table, left out). */
const GSM_BASIC = new Set(
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà',
);
/** The extension table: an escape septet and the character, two septets each. */
const GSM_EXTENSION = new Set('\f^{}\\[~]|€');

/** What one SMS takes: its encoding, its length in that encoding's units, and its segments. */
export interface SmsLength {
  readonly encoding: SmsEncoding;
  /** Septets for GSM-7, UTF-16 code units for UCS-2. */
  readonly units: number;
  readonly segments: number;
}

/** Whether a character (one code point) can go in GSM-7. */
export const isGsmCharacter = (character: string) => GSM_BASIC.has(character) || GSM_EXTENSION.has(character);

/** The encoding a text goes in: GSM-7 when every character has a septet, else UCS-2. */
export function encodingOf(text: string): SmsEncoding {
  for (const character of text) if (!isGsmCharacter(character)) return 'UCS-2';
  return 'GSM-7';
}

/** The units one character takes: 2 septets for the extension table, 2 code units for an astral character. */
export function unitsOf(character: string, encoding: SmsEncoding): number {
  if (encoding === 'GSM-7') return GSM_EXTENSION.has(character) ? 2 : 1;
  return character.length;
}

/**
 * A run of `count` characters of `units` each: a literal character (count 1), or the longest
 * value a placeholder may take (of unit characters).
 */
export interface UnitRun {
  readonly units: number;
  readonly count: number;
}

/**
 * The segments runs of characters fill. One segment holds `single` units; past that each part
 * holds `part`, and a character of two units (an escape sequence, a surrogate pair) never
 * straddles two parts, as senders split them.
 */
export function segmentsOf(runs: Iterable<UnitRun>, encoding: SmsEncoding): number {
  const { single, part } = SEGMENT_UNITS[encoding];
  const all = [...runs].filter((run) => run.count > 0);
  const total = all.reduce((sum, run) => sum + run.units * run.count, 0);
  if (total === 0) return 0;
  if (total <= single) return 1;
  let segments = 1;
  let used = 0;
  for (const { units, count } of all) {
    let left = count;
    while (left > 0) {
      const fits = Math.min(left, Math.floor((part - used) / units));
      if (fits === 0) {
        segments += 1;
        used = 0;
        continue;
      }
      used += fits * units;
      left -= fits;
    }
  }
  return segments;
}

/** The runs of a literal text: one per character. */
export function runsOfText(text: string, encoding: SmsEncoding): UnitRun[] {
  return [...text].map((character) => ({ units: unitsOf(character, encoding), count: 1 }));
}

/** The encoding, units and segments of a rendered SMS. */
export function smsLength(text: string): SmsLength {
  const encoding = encodingOf(text);
  const runs = runsOfText(text, encoding);
  return {
    encoding,
    units: runs.reduce((sum, run) => sum + run.units, 0),
    segments: segmentsOf(runs, encoding),
  };
}
