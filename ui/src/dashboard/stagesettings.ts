// A stage's settings (issue 12's typed stages), shown when a stage of the
// flow's chain is opened: one request for the stage, with the fields of
// its type.
import { graphql } from './gql';
import type { DashboardStageSettingsQuery } from './gql/graphql';
import { request } from './api';
import { h, label } from './dom';
import { errorItems } from './status';

const StageSettingsQuery = graphql(`
  query DashboardStageSettings($pk: ID!) {
    stage(pk: $pk) {
      __typename pk name verboseName component
      ... on IdentificationStage { userFields caseInsensitiveMatching showMatchedUser pretendUserExists
        enableRememberMe showSourceLabels enrollmentFlow { slug name } recoveryFlow { slug name }
        passwordlessFlow { slug name } passwordStage { pk name } captchaStage { pk name } webauthnStage { pk name } }
      ... on PasswordStage { backends failedAttemptsBeforeCancel allowShowPassword configureFlow { slug name } }
      ... on AuthenticatorValidateStage { notConfiguredAction deviceClasses lastAuthThreshold
        webauthnUserVerification configurationStages { pk name verboseName } }
      ... on UserLoginStage { sessionDuration rememberMeOffset terminateOtherSessions networkBinding geoipBinding rememberDevice }
      ... on UserWriteStage { userCreationMode userType createUsersAsInactive userPathTemplate }
      ... on PromptStage { fields { fieldKey label type required placeholder order } }
      ... on ConsentStage { consentMode consentExpireIn }
      ... on EmailStage { useGlobalSettings host port fromAddress subject template tokenExpiry activateUserOnSuccess }
      ... on InvitationStage { continueFlowWithoutInvitation }
      ... on DenyStage { denyMessage }
      ... on RedirectStage { redirectMode targetStatic targetFlow { slug name } keepContext }
      ... on CaptchaStage { publicKey interactive scoreMinThreshold scoreMaxThreshold }
      ... on AuthenticatorStaticStage { friendlyName tokenCount tokenLength configureFlow { slug name } }
      ... on AuthenticatorTotpStage { friendlyName digits configureFlow { slug name } }
      ... on AuthenticatorWebAuthnStage { friendlyName userVerification residentKeyRequirement
        authenticatorAttachment maxAttempts configureFlow { slug name } }
    }
  }
`);

type Stage = NonNullable<DashboardStageSettingsQuery['stage']>;

const COMMON = new Set(['__typename', 'pk', 'name', 'verboseName', 'component']);

// words turns a field name into words: failedAttemptsBeforeCancel ->
// failed attempts before cancel.
function words(key: string): string {
  return key.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
}

// value renders one setting as text: enums as words, links by name.
function value(v: unknown): Node | string {
  if (v === null || v === undefined) return '—';
  if (typeof v === 'boolean') return v ? 'yes' : 'no';
  if (typeof v === 'number') return String(v);
  if (typeof v === 'string') return /^[A-Z][A-Z0-9_]*$/.test(v) ? label(v) : v;
  if (Array.isArray(v)) {
    if (v.length === 0) return 'none';
    if (typeof v[0] === 'object' && v[0] && 'fieldKey' in v[0]) return promptTable(v as PromptField[]);
    return v.map((x) => (typeof x === 'object' && x ? name(x as Record<string, unknown>) : String(value(x)))).join(', ');
  }
  if (typeof v === 'object') return name(v as Record<string, unknown>);
  return String(v);
}

function name(o: Record<string, unknown>): string {
  const n = o.name ?? o.slug ?? o.pk;
  return typeof n === 'string' ? n : JSON.stringify(o);
}

interface PromptField { fieldKey: string; label: string; type: string | null; required: boolean; placeholder: string; order: number }

function promptTable(fields: PromptField[]): HTMLElement {
  return h('table', { class: 'prompt-fields' },
    h('thead', {}, h('tr', {}, ['Order', 'Field', 'Label', 'Type', 'Required', 'Placeholder'].map((c) => h('th', {}, c)))),
    h('tbody', {}, fields.map((f) => h('tr', {},
      h('td', {}, f.order), h('td', {}, h('code', {}, f.fieldKey)), h('td', {}, f.label), h('td', {}, label(f.type)),
      h('td', {}, f.required ? 'yes' : 'no'), h('td', {}, f.placeholder)))));
}

// stageSettings is the panel of one stage: a details element that loads
// the settings the first time it is opened.
export function stageSettings(id: string, pk: string, stageName: string): HTMLElement {
  const body = h('div', { class: 'stage-settings-body' }, h('p', { class: 'note' }, 'Loading…'));
  const details = h('details', { class: 'stage-settings', id }, h('summary', {}, 'Settings of ', stageName), body);
  let loaded = false;
  details.addEventListener('toggle', async () => {
    if (!details.open || loaded) return;
    loaded = true;
    const { data, errors } = await request(StageSettingsQuery, { pk });
    const stage = data?.stage;
    if (!stage) {
      body.replaceChildren(errors.length ? (errorItems(errors) ?? '') : h('p', { class: 'note' }, 'This stage is gone, or this token may not see it.'));
      loaded = false;
      return;
    }
    body.replaceChildren(render(stage), errorItems(errors) ?? '');
  });
  return details;
}

function render(stage: Stage): HTMLElement {
  const entries = Object.entries(stage).filter(([k]) => !COMMON.has(k));
  return h('div', { 'data-typename': stage.__typename },
    h('p', { class: 'note' }, stage.verboseName, ' · ', h('code', {}, stage.component)),
    entries.length === 0
      ? h('p', { class: 'note no-settings' }, 'This stage type has no settings flowgate shows.')
      : h('dl', { class: 'props settings' }, entries.map(([k, v]) => [h('dt', { 'data-key': k }, words(k)), h('dd', {}, value(v))])));
}
