import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { loadDotRenderer } from '../report/html/diagram.ts';
import { renderReport } from '../report/html/report-page.ts';
import type { ReportData } from '../report/model/report-data.ts';
import { parseReportFile, reportOfFile } from '../report/read/report-file.ts';
import type { Journey } from '../workflows/schema/index.ts';

/** Where the HTML of a JSON report goes by default: beside it, out/report.json → out/report.html. */
export function htmlPathOf(jsonFile: string): string {
  return jsonFile.endsWith('.json') ? `${jsonFile.slice(0, -'.json'.length)}.html` : `${jsonFile}.html`;
}

/** Renders the report (charts, then Graphviz for the diagrams) and writes it as one file. */
export async function writeHtmlReport(data: ReportData, file: string): Promise<void> {
  const html = renderReport(data, await loadDotRenderer());
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, html);
}

/** The HTML of a simulation report, read the same way whether it comes from a file or was just written. */
export async function writeSimulationHtml(
  report: unknown,
  source: string,
  file: string,
  workspace: ReadonlyMap<string, Journey>,
): Promise<void> {
  await writeHtmlReport(reportOfFile(parseReportFile(report, source), workspace), file);
}
