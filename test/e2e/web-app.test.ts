import { afterAll, beforeAll } from 'vitest';
import { type BrowserHarness, startBrowserHarness } from '../support/browser';
import { adminLabEnglishSuite } from './suites/admin-lab-english';
import { adminScreensSuite } from './suites/admin-screens';
import { alertActionsAndRolesSuite } from './suites/alert-actions-and-roles';
import { analystScreensSuite } from './suites/analyst-screens';
import { findingsWorkflowSuite } from './suites/findings-workflow';
import { groundTeamPhoneSuite } from './suites/ground-team-phone';
import { pilotSurveyMapSuite } from './suites/pilot-survey-map';
import { roleWalkSuite } from './suites/role-walk';
import { provinceComparisonSuite } from './suites/province-comparison';
import { flightUploadCoverageSuite } from './suites/flight-upload-coverage';
import { labRoundsCorrectionsSuite } from './suites/lab-rounds-corrections';
import { labUploadAlertSuite } from './suites/lab-upload-alert';
import { mapScreenSuite } from './suites/map-screen';
import { officeChoiceSuite } from './suites/office-choice';
import { triageInboxSuite } from './suites/triage-inbox';
import { uncertaintyScreensSuite } from './suites/uncertainty-screens';

// The browser end-to-end suites on one application and one browser: starting the server and
// workers, loading the demo data and waiting for its scoring is most of an e2e run (1.5-2 min
// each on this machine), so it is done once here rather than once per suite. Each suite starts
// when the background work of the one before is done, with its own browser contexts (own
// cookies), and asserts what it asserted on its own; the order keeps each suite's starting state:
// the map and the alerts on the demo data as loaded, then the flight, then the held-back round 7
// (its new alert must be the only ETO-ACID one at HK-V-005).
let harness: BrowserHarness;

// Generous: on a shared, busy machine the demo's scoring alone can take minutes.
beforeAll(async () => {
  harness = await startBrowserHarness('web-app');
}, 600_000);

afterAll(async () => {
  await harness?.close();
});

const harnessOf = () => harness;
mapScreenSuite(harnessOf);
alertActionsAndRolesSuite(harnessOf);
flightUploadCoverageSuite(harnessOf);
// After the flight: its track, photos and coverage are what these show.
pilotSurveyMapSuite(harnessOf);
findingsWorkflowSuite(harnessOf);
groundTeamPhoneSuite(harnessOf);
labUploadAlertSuite(harnessOf);
analystScreensSuite(harnessOf);
// Reads the demo's rounds as loaded, plus round 7; changes nothing but adds a Haikou analyst.
provinceComparisonSuite(harnessOf);
// After the held-back round 7 is in: the admin and lab screens' own workflows.
adminScreensSuite(harnessOf);
labRoundsCorrectionsSuite(harnessOf);
uncertaintyScreensSuite(harnessOf);
// It adds a DEM, a drawn (then archived) area and closes a round.
adminLabEnglishSuite(harnessOf);
// It adds an area in Haikou, a campaign and a round in Dongfang.
officeChoiceSuite(harnessOf);
// Every role through every screen (desk and phone, both languages), with the data all in.
roleWalkSuite(harnessOf);
// Last: it adds copies of the open alerts to make the inbox dense (dismissed when it ends).
triageInboxSuite(harnessOf);
