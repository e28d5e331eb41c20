/**
 * Pinpoint's schedule time zones are UTC offsets ("UTC+08"), not IANA zones. A whole-hour offset
 * is an Etc/GMT zone, whose sign is inverted by POSIX convention: UTC+08 is Etc/GMT-8. The
 * fractional offsets have no Etc zone, so each takes a zone that keeps that offset, naming those
 * that observe daylight saving time (and so leave the offset half the year).
 */
const FRACTIONAL: Readonly<Record<string, { zone: string; dst: boolean }>> = {
  '+03:30': { zone: 'Asia/Tehran', dst: false },
  '+04:30': { zone: 'Asia/Kabul', dst: false },
  '+05:30': { zone: 'Asia/Kolkata', dst: false },
  '+05:45': { zone: 'Asia/Kathmandu', dst: false },
  '+06:30': { zone: 'Asia/Yangon', dst: false },
  '+08:45': { zone: 'Australia/Eucla', dst: false },
  '+09:30': { zone: 'Australia/Darwin', dst: false },
  '+10:30': { zone: 'Australia/Lord_Howe', dst: true },
  '+12:45': { zone: 'Pacific/Chatham', dst: true },
  '+13:45': { zone: 'Pacific/Chatham', dst: true },
  '-02:30': { zone: 'America/St_Johns', dst: true },
  '-03:30': { zone: 'America/St_Johns', dst: true },
  '-09:30': { zone: 'Pacific/Marquesas', dst: false },
};

export type ZoneResolution =
  | { readonly ok: true; readonly zone: string; readonly observesDst: boolean }
  | { readonly ok: false; readonly problem: string };

/** The IANA zone for a Pinpoint Schedule.Timezone such as "UTC", "UTC+08" or "UTC-03:30". */
export function zoneOfOffset(offset: string): ZoneResolution {
  if (offset === 'UTC') return { ok: true, zone: 'UTC', observesDst: false };
  const match = /^UTC([+-])(\d{2})(?::(\d{2}))?$/.exec(offset);
  if (!match)
    return {
      ok: false,
      problem: `"${offset}" is not one of Pinpoint's time zones; expected "UTC" or an offset such as "UTC+08" or "UTC-03:30"`,
    };
  const [, sign = '+', hours = '00', minutes = '00'] = match;
  if (minutes === '00') {
    const whole = Number(hours);
    if (whole === 0) return { ok: true, zone: 'UTC', observesDst: false };
    if (whole > 14) return { ok: false, problem: `"${offset}" is beyond the offsets of any time zone` };
    // Etc zones invert the sign: Etc/GMT-8 is eight hours ahead of UTC.
    return { ok: true, zone: `Etc/GMT${sign === '+' ? '-' : '+'}${whole}`, observesDst: false };
  }
  const fractional = FRACTIONAL[`${sign}${hours}:${minutes}`];
  if (!fractional) return { ok: false, problem: `"${offset}" is not an offset any time zone keeps` };
  return { ok: true, zone: fractional.zone, observesDst: fractional.dst };
}
