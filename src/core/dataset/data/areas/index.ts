/**
 * The bundled catalogue, one file per area of the field. The build merges them in this order;
 * `policy-lens dataset --stats` counts entries per area by these names.
 */
import aiGovernance from './ai-governance.json';
import bilateral from './bilateral.json';
import cyberInternet from './cyber-internet.json';
import dataFlows from './data-flows.json';
import digitalTrade from './digital-trade.json';
import economicSecurity from './economic-security.json';
import foundations from './foundations.json';
import g7g20 from './g7-g20.json';
import groupings from './groupings.json';
import indoPacific from './indo-pacific.json';
import japanSeed from './japan-seed.json';

/** One area's file: its name and its dataset content. */
export interface CatalogueArea {
  area: string;
  data: { entries: unknown[] };
}

/** Every area of the bundled catalogue; groupings (blocs) first, since agreements name them as parties. */
export const catalogueAreas: CatalogueArea[] = [
  { area: 'groupings', data: groupings },
  { area: 'japan-seed', data: japanSeed },
  { area: 'g7-g20', data: g7g20 },
  { area: 'ai-governance', data: aiGovernance },
  { area: 'data-flows', data: dataFlows },
  { area: 'digital-trade', data: digitalTrade },
  { area: 'indo-pacific', data: indoPacific },
  { area: 'cyber-internet', data: cyberInternet },
  { area: 'economic-security', data: economicSecurity },
  { area: 'bilateral', data: bilateral },
  { area: 'foundations', data: foundations },
];
