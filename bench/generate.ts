/** Deterministic generator of realistic policy drafts of any size, for benchmarks. */

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const NAMES = [
  'the Japan–EU Digital Partnership',
  'the Estonia MOC',
  'the Memorandum of Cooperation with Denmark',
  'Data Free Flow with Trust (DFFT)',
  'DFFT',
  'the G20 Digital Economy Ministers’ Meeting in 2022',
  'the G7 Digital Ministers’ Meeting',
  'Society 5.0',
  'the New Plan for a Free and Open Indo-Pacific',
  'FOIP',
  'the Okinawa Charter',
  'the Belt and Road Initiative',
  'the Digital Silk Road',
  'GDPR',
  'the CHIPS Act',
  'Multi-layered Connectivity',
  'Japan',
  'India',
  'the European Union',
  'the United Kingdom',
  'Indonesia',
  'Saudi Arabia',
  'ASEAN',
  'the U.S.',
  'China',
  'Singapore',
  'Ukraine',
  'Japanese',
  'Indian',
  'the Japan–UK Digital Partnership',
  'the 2023 Development Cooperation Charter',
];
const WORDS =
  'the of and to in a for on that with as by is are was were this which its their has have been policy digital cooperation framework partnership data governance infrastructure capacity security trade investment regional development technology standards rules agenda ministers officials agreement dialogue connectivity resilience supply chains semiconductors research innovation'.split(
    ' ',
  );

function sentence(r: () => number): string {
  const n = 12 + Math.floor(r() * 16);
  const words: string[] = [];
  for (let i = 0; i < n; i++) words.push(r() < 0.12 ? NAMES[Math.floor(r() * NAMES.length)]! : WORDS[Math.floor(r() * WORDS.length)]!);
  const s = words.join(' ');
  return s[0]!.toUpperCase() + s.slice(1) + '.';
}

function paragraph(r: () => number): string {
  const lines: string[] = [];
  const n = 3 + Math.floor(r() * 4);
  for (let i = 0; i < n; i++) lines.push(sentence(r));
  // Wrap at about 90 columns, as editors do, so names break across soft line breaks.
  return lines
    .join(' ')
    .replace(/(.{1,90})(\s+|$)/g, '$1\n')
    .trim();
}

/**
 * Generates a Markdown policy draft of about `bytes` characters: headings, paragraphs, lists, block
 * quotes, tables, footnotes and code blocks, naming engagements and countries at realistic density.
 */
export function generateDraft(bytes: number, seed = 42): string {
  const r = rng(seed);
  const parts: string[] = ['---\ntitle: Generated briefing on Japan\n---\n', '# Japan’s digital diplomacy: a generated briefing\n'];
  let size = parts.join('\n').length;
  let section = 0;
  let footnote = 0;
  while (size < bytes) {
    const roll = r();
    let block: string;
    if (roll < 0.05) block = `## ${++section}. ${sentence(r).slice(0, 60)}`;
    else if (roll < 0.6) block = paragraph(r);
    else if (roll < 0.72) block = Array.from({ length: 3 + Math.floor(r() * 4) }, () => `- ${sentence(r)}`).join('\n');
    else if (roll < 0.78) block = `> ${paragraph(r).replace(/\n/g, '\n> ')}`;
    else if (roll < 0.86) {
      const rows = Array.from(
        { length: 4 + Math.floor(r() * 6) },
        () => `| ${2019 + Math.floor(r() * 6)} | ${NAMES[Math.floor(r() * NAMES.length)]} | ${r() < 0.5 ? 'Bilateral' : 'Multilateral'} |`,
      );
      block = ['| Year | Engagement | Classification |', '| --- | --- | --- |', ...rows].join('\n');
    } else if (roll < 0.92) {
      footnote++;
      block = `${sentence(r)}[^${footnote}]\n\n[^${footnote}]: ${sentence(r)}`;
    } else if (roll < 0.96) block = '```text\nJapan India EU-Japan Digital Partnership\n```';
    else block = `1. ${sentence(r)}\n2. ${sentence(r)}\n3. ${sentence(r)}`;
    parts.push(block);
    size += block.length + 2;
  }
  return parts.join('\n\n') + '\n';
}
