import type { Dataset } from '../dataset/load';
import { matcherFor } from './analyze';
import { IncrementalAnalyzer } from './incremental';

/**
 * Short drafts that between them take the parser, the matcher and the checks through what a policy
 * draft uses: headings, emphasis, links, inline code, lists, a table, a quote, front matter,
 * footnotes, a fence, a Pandoc citation, and references of every kind (agreements, pillars,
 * countries, an ambiguous name, a wrong year). The text is ours; the names are the dataset's.
 */
export const WARM_UP_SAMPLES: readonly string[] = [
  'Japan and Estonia signed their memorandum of cooperation in 2022, and India followed the talks.\n',
  [
    '# Where the partnership stands',
    '',
    'The *Free and Open Indo-Pacific* frames the work, its Multi-layered Connectivity pillar above all, and',
    '[Society 5.0](https://example.org/s5) gives it a domestic goal. The `DFFT` agenda links both.',
    '',
    'The 2021 G7 meeting in Germany came first. The Japan–EU Digital Partnership with Korea would widen the circle.',
    '',
  ].join('\n'),
  [
    '- The G7 digital ministers met again.',
    '- Estonia and Finland shared their e-government practice.',
    '',
    '1) The Okinawa Charter came first.',
    '2) The ODA Charter followed.',
    '',
  ].join('\n'),
  [
    '| Year | Engagement | Partner |',
    '| ---: | --- | :---: |',
    '| 2022 | Japan–EU Digital Partnership | European Union |',
    '| 2023 | Hiroshima AI Process | Australia, India, United States |',
    '',
  ].join('\n'),
  [
    '---',
    'title: A short brief',
    '---',
    '',
    '> The ministers met in Tokyo.[^note] Their agenda named Vietnam [@moc-estonia-2022] and [@no-such-entry].',
    '',
    '[^note]: Our own note on the meeting.',
    '',
    '```text',
    'Japan and Estonia, in code: never a reference.',
    '```',
    '',
  ].join('\n'),
];

/**
 * The steps that warm up a fresh thread before the first real draft: compile the dataset's matcher,
 * then analyse each of `WARM_UP_SAMPLES`. The first analysis in a fresh process runs with the JIT
 * cold and costs several times a warm one; run one step per task, and that cost is spread over
 * tasks too short to hold the thread, instead of landing on the first draft in one long block.
 *
 * @param dataset The dataset the drafts will be analysed with (read when each step runs).
 * @returns One function per step, to run in order, each in its own task.
 */
export function warmUpSteps(dataset: () => Dataset): Array<() => void> {
  return [() => void matcherFor(dataset()), ...WARM_UP_SAMPLES.map((text) => () => void new IncrementalAnalyzer(dataset()).reset(text))];
}
