/* eslint-disable */
import * as types from './graphql.js';



/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "\n  mutation DashboardCreateFlow($input: CreateFlowInput!) {\n    createFlow(input: $input) { pk slug }\n  }\n": typeof types.DashboardCreateFlowDocument,
    "\n  fragment FlowDetail on Flow {\n    pk slug name title designation authentication layout deniedAction policyEngineMode compatibilityMode\n    diagram\n    policyBindings { ...PolicyBindingFields }\n    bindings {\n      pk order evaluateOnPlan reEvaluatePolicies policyEngineMode invalidResponseAction\n      stage { pk name verboseName }\n      policyBindings { ...PolicyBindingFields }\n    }\n  }\n": typeof types.FlowDetailFragmentDoc,
    "\n  query DashboardFlow($slug: String!) {\n    flow(slug: $slug) { ...FlowDetail }\n  }\n": typeof types.DashboardFlowDocument,
    "\n  mutation DashboardUpdateFlow($slug: String!, $input: UpdateFlowInput!) {\n    updateFlow(slug: $slug, input: $input) { ...FlowDetail }\n  }\n": typeof types.DashboardUpdateFlowDocument,
    "\n  mutation DashboardDeleteFlow($slug: String!) {\n    deleteFlow(slug: $slug) { pk }\n  }\n": typeof types.DashboardDeleteFlowDocument,
    "\n  mutation DashboardReorder($flowSlug: String!, $bindingPks: [ID!]!) {\n    reorderFlowStages(flowSlug: $flowSlug, bindingPks: $bindingPks) { ...FlowDetail }\n  }\n": typeof types.DashboardReorderDocument,
    "\n  mutation DashboardBind($input: CreateFlowStageBindingInput!) {\n    createFlowStageBinding(input: $input) { pk stage { name } target { ...FlowDetail } }\n  }\n": typeof types.DashboardBindDocument,
    "\n  mutation DashboardUnbind($pk: ID!) {\n    deleteFlowStageBinding(pk: $pk) { pk }\n  }\n": typeof types.DashboardUnbindDocument,
    "\n  query DashboardStages($search: String) {\n    stages(first: 100, search: $search, orderBy: { field: NAME }) {\n      totalCount\n      nodes { pk name verboseName }\n    }\n  }\n": typeof types.DashboardStagesDocument,
    "\n  query DashboardFlows($first: Int!, $after: String, $search: String, $filter: FlowFilter) {\n    flows(first: $first, after: $after, search: $search, filter: $filter) {\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      nodes {\n        pk\n        slug\n        name\n        title\n        designation\n        bindings { pk order stage { pk name verboseName } }\n      }\n    }\n  }\n": typeof types.DashboardFlowsDocument,
    "\n  fragment PolicyBindingFields on PolicyBinding {\n    pk kind order enabled negate timeout failureResult\n    policy { pk name verboseName }\n    group { pk name }\n    user { pk username name }\n  }\n": typeof types.PolicyBindingFieldsFragmentDoc,
    "\n  query DashboardPolicies($search: String) {\n    policies(first: 100, search: $search) {\n      totalCount\n      nodes { pk name verboseName }\n    }\n  }\n": typeof types.DashboardPoliciesDocument,
    "\n  mutation DashboardBindPolicy($input: CreatePolicyBindingInput!) {\n    createPolicyBinding(input: $input) { pk }\n  }\n": typeof types.DashboardBindPolicyDocument,
    "\n  mutation DashboardSetPolicyBindingEnabled($pk: ID!, $enabled: Boolean!) {\n    updatePolicyBinding(pk: $pk, input: { enabled: $enabled }) { pk enabled }\n  }\n": typeof types.DashboardSetPolicyBindingEnabledDocument,
    "\n  mutation DashboardUnbindPolicy($pk: ID!) {\n    deletePolicyBinding(pk: $pk) { pk }\n  }\n": typeof types.DashboardUnbindPolicyDocument,
    "\n  query DashboardStageSettings($pk: ID!) {\n    stage(pk: $pk) {\n      __typename pk name verboseName component\n      ... on IdentificationStage { userFields caseInsensitiveMatching showMatchedUser pretendUserExists\n        enableRememberMe showSourceLabels enrollmentFlow { slug name } recoveryFlow { slug name }\n        passwordlessFlow { slug name } passwordStage { pk name } captchaStage { pk name } webauthnStage { pk name } }\n      ... on PasswordStage { backends failedAttemptsBeforeCancel allowShowPassword configureFlow { slug name } }\n      ... on AuthenticatorValidateStage { notConfiguredAction deviceClasses lastAuthThreshold\n        webauthnUserVerification configurationStages { pk name verboseName } }\n      ... on UserLoginStage { sessionDuration rememberMeOffset terminateOtherSessions networkBinding geoipBinding rememberDevice }\n      ... on UserWriteStage { userCreationMode userType createUsersAsInactive userPathTemplate }\n      ... on PromptStage { fields { fieldKey label type required placeholder order } }\n      ... on ConsentStage { consentMode consentExpireIn }\n      ... on EmailStage { useGlobalSettings host port fromAddress subject template tokenExpiry activateUserOnSuccess }\n      ... on InvitationStage { continueFlowWithoutInvitation }\n      ... on DenyStage { denyMessage }\n      ... on RedirectStage { redirectMode targetStatic targetFlow { slug name } keepContext }\n      ... on CaptchaStage { publicKey interactive scoreMinThreshold scoreMaxThreshold }\n      ... on AuthenticatorStaticStage { friendlyName tokenCount tokenLength configureFlow { slug name } }\n      ... on AuthenticatorTotpStage { friendlyName digits configureFlow { slug name } }\n      ... on AuthenticatorWebAuthnStage { friendlyName userVerification residentKeyRequirement\n        authenticatorAttachment maxAttempts configureFlow { slug name } }\n    }\n  }\n": typeof types.DashboardStageSettingsDocument,
};
const documents: Documents = {
    "\n  mutation DashboardCreateFlow($input: CreateFlowInput!) {\n    createFlow(input: $input) { pk slug }\n  }\n": types.DashboardCreateFlowDocument,
    "\n  fragment FlowDetail on Flow {\n    pk slug name title designation authentication layout deniedAction policyEngineMode compatibilityMode\n    diagram\n    policyBindings { ...PolicyBindingFields }\n    bindings {\n      pk order evaluateOnPlan reEvaluatePolicies policyEngineMode invalidResponseAction\n      stage { pk name verboseName }\n      policyBindings { ...PolicyBindingFields }\n    }\n  }\n": types.FlowDetailFragmentDoc,
    "\n  query DashboardFlow($slug: String!) {\n    flow(slug: $slug) { ...FlowDetail }\n  }\n": types.DashboardFlowDocument,
    "\n  mutation DashboardUpdateFlow($slug: String!, $input: UpdateFlowInput!) {\n    updateFlow(slug: $slug, input: $input) { ...FlowDetail }\n  }\n": types.DashboardUpdateFlowDocument,
    "\n  mutation DashboardDeleteFlow($slug: String!) {\n    deleteFlow(slug: $slug) { pk }\n  }\n": types.DashboardDeleteFlowDocument,
    "\n  mutation DashboardReorder($flowSlug: String!, $bindingPks: [ID!]!) {\n    reorderFlowStages(flowSlug: $flowSlug, bindingPks: $bindingPks) { ...FlowDetail }\n  }\n": types.DashboardReorderDocument,
    "\n  mutation DashboardBind($input: CreateFlowStageBindingInput!) {\n    createFlowStageBinding(input: $input) { pk stage { name } target { ...FlowDetail } }\n  }\n": types.DashboardBindDocument,
    "\n  mutation DashboardUnbind($pk: ID!) {\n    deleteFlowStageBinding(pk: $pk) { pk }\n  }\n": types.DashboardUnbindDocument,
    "\n  query DashboardStages($search: String) {\n    stages(first: 100, search: $search, orderBy: { field: NAME }) {\n      totalCount\n      nodes { pk name verboseName }\n    }\n  }\n": types.DashboardStagesDocument,
    "\n  query DashboardFlows($first: Int!, $after: String, $search: String, $filter: FlowFilter) {\n    flows(first: $first, after: $after, search: $search, filter: $filter) {\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      nodes {\n        pk\n        slug\n        name\n        title\n        designation\n        bindings { pk order stage { pk name verboseName } }\n      }\n    }\n  }\n": types.DashboardFlowsDocument,
    "\n  fragment PolicyBindingFields on PolicyBinding {\n    pk kind order enabled negate timeout failureResult\n    policy { pk name verboseName }\n    group { pk name }\n    user { pk username name }\n  }\n": types.PolicyBindingFieldsFragmentDoc,
    "\n  query DashboardPolicies($search: String) {\n    policies(first: 100, search: $search) {\n      totalCount\n      nodes { pk name verboseName }\n    }\n  }\n": types.DashboardPoliciesDocument,
    "\n  mutation DashboardBindPolicy($input: CreatePolicyBindingInput!) {\n    createPolicyBinding(input: $input) { pk }\n  }\n": types.DashboardBindPolicyDocument,
    "\n  mutation DashboardSetPolicyBindingEnabled($pk: ID!, $enabled: Boolean!) {\n    updatePolicyBinding(pk: $pk, input: { enabled: $enabled }) { pk enabled }\n  }\n": types.DashboardSetPolicyBindingEnabledDocument,
    "\n  mutation DashboardUnbindPolicy($pk: ID!) {\n    deletePolicyBinding(pk: $pk) { pk }\n  }\n": types.DashboardUnbindPolicyDocument,
    "\n  query DashboardStageSettings($pk: ID!) {\n    stage(pk: $pk) {\n      __typename pk name verboseName component\n      ... on IdentificationStage { userFields caseInsensitiveMatching showMatchedUser pretendUserExists\n        enableRememberMe showSourceLabels enrollmentFlow { slug name } recoveryFlow { slug name }\n        passwordlessFlow { slug name } passwordStage { pk name } captchaStage { pk name } webauthnStage { pk name } }\n      ... on PasswordStage { backends failedAttemptsBeforeCancel allowShowPassword configureFlow { slug name } }\n      ... on AuthenticatorValidateStage { notConfiguredAction deviceClasses lastAuthThreshold\n        webauthnUserVerification configurationStages { pk name verboseName } }\n      ... on UserLoginStage { sessionDuration rememberMeOffset terminateOtherSessions networkBinding geoipBinding rememberDevice }\n      ... on UserWriteStage { userCreationMode userType createUsersAsInactive userPathTemplate }\n      ... on PromptStage { fields { fieldKey label type required placeholder order } }\n      ... on ConsentStage { consentMode consentExpireIn }\n      ... on EmailStage { useGlobalSettings host port fromAddress subject template tokenExpiry activateUserOnSuccess }\n      ... on InvitationStage { continueFlowWithoutInvitation }\n      ... on DenyStage { denyMessage }\n      ... on RedirectStage { redirectMode targetStatic targetFlow { slug name } keepContext }\n      ... on CaptchaStage { publicKey interactive scoreMinThreshold scoreMaxThreshold }\n      ... on AuthenticatorStaticStage { friendlyName tokenCount tokenLength configureFlow { slug name } }\n      ... on AuthenticatorTotpStage { friendlyName digits configureFlow { slug name } }\n      ... on AuthenticatorWebAuthnStage { friendlyName userVerification residentKeyRequirement\n        authenticatorAttachment maxAttempts configureFlow { slug name } }\n    }\n  }\n": types.DashboardStageSettingsDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DashboardCreateFlow($input: CreateFlowInput!) {\n    createFlow(input: $input) { pk slug }\n  }\n"): typeof import('./graphql.js').DashboardCreateFlowDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment FlowDetail on Flow {\n    pk slug name title designation authentication layout deniedAction policyEngineMode compatibilityMode\n    diagram\n    policyBindings { ...PolicyBindingFields }\n    bindings {\n      pk order evaluateOnPlan reEvaluatePolicies policyEngineMode invalidResponseAction\n      stage { pk name verboseName }\n      policyBindings { ...PolicyBindingFields }\n    }\n  }\n"): typeof import('./graphql.js').FlowDetailFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query DashboardFlow($slug: String!) {\n    flow(slug: $slug) { ...FlowDetail }\n  }\n"): typeof import('./graphql.js').DashboardFlowDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DashboardUpdateFlow($slug: String!, $input: UpdateFlowInput!) {\n    updateFlow(slug: $slug, input: $input) { ...FlowDetail }\n  }\n"): typeof import('./graphql.js').DashboardUpdateFlowDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DashboardDeleteFlow($slug: String!) {\n    deleteFlow(slug: $slug) { pk }\n  }\n"): typeof import('./graphql.js').DashboardDeleteFlowDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DashboardReorder($flowSlug: String!, $bindingPks: [ID!]!) {\n    reorderFlowStages(flowSlug: $flowSlug, bindingPks: $bindingPks) { ...FlowDetail }\n  }\n"): typeof import('./graphql.js').DashboardReorderDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DashboardBind($input: CreateFlowStageBindingInput!) {\n    createFlowStageBinding(input: $input) { pk stage { name } target { ...FlowDetail } }\n  }\n"): typeof import('./graphql.js').DashboardBindDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DashboardUnbind($pk: ID!) {\n    deleteFlowStageBinding(pk: $pk) { pk }\n  }\n"): typeof import('./graphql.js').DashboardUnbindDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query DashboardStages($search: String) {\n    stages(first: 100, search: $search, orderBy: { field: NAME }) {\n      totalCount\n      nodes { pk name verboseName }\n    }\n  }\n"): typeof import('./graphql.js').DashboardStagesDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query DashboardFlows($first: Int!, $after: String, $search: String, $filter: FlowFilter) {\n    flows(first: $first, after: $after, search: $search, filter: $filter) {\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      nodes {\n        pk\n        slug\n        name\n        title\n        designation\n        bindings { pk order stage { pk name verboseName } }\n      }\n    }\n  }\n"): typeof import('./graphql.js').DashboardFlowsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment PolicyBindingFields on PolicyBinding {\n    pk kind order enabled negate timeout failureResult\n    policy { pk name verboseName }\n    group { pk name }\n    user { pk username name }\n  }\n"): typeof import('./graphql.js').PolicyBindingFieldsFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query DashboardPolicies($search: String) {\n    policies(first: 100, search: $search) {\n      totalCount\n      nodes { pk name verboseName }\n    }\n  }\n"): typeof import('./graphql.js').DashboardPoliciesDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DashboardBindPolicy($input: CreatePolicyBindingInput!) {\n    createPolicyBinding(input: $input) { pk }\n  }\n"): typeof import('./graphql.js').DashboardBindPolicyDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DashboardSetPolicyBindingEnabled($pk: ID!, $enabled: Boolean!) {\n    updatePolicyBinding(pk: $pk, input: { enabled: $enabled }) { pk enabled }\n  }\n"): typeof import('./graphql.js').DashboardSetPolicyBindingEnabledDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DashboardUnbindPolicy($pk: ID!) {\n    deletePolicyBinding(pk: $pk) { pk }\n  }\n"): typeof import('./graphql.js').DashboardUnbindPolicyDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query DashboardStageSettings($pk: ID!) {\n    stage(pk: $pk) {\n      __typename pk name verboseName component\n      ... on IdentificationStage { userFields caseInsensitiveMatching showMatchedUser pretendUserExists\n        enableRememberMe showSourceLabels enrollmentFlow { slug name } recoveryFlow { slug name }\n        passwordlessFlow { slug name } passwordStage { pk name } captchaStage { pk name } webauthnStage { pk name } }\n      ... on PasswordStage { backends failedAttemptsBeforeCancel allowShowPassword configureFlow { slug name } }\n      ... on AuthenticatorValidateStage { notConfiguredAction deviceClasses lastAuthThreshold\n        webauthnUserVerification configurationStages { pk name verboseName } }\n      ... on UserLoginStage { sessionDuration rememberMeOffset terminateOtherSessions networkBinding geoipBinding rememberDevice }\n      ... on UserWriteStage { userCreationMode userType createUsersAsInactive userPathTemplate }\n      ... on PromptStage { fields { fieldKey label type required placeholder order } }\n      ... on ConsentStage { consentMode consentExpireIn }\n      ... on EmailStage { useGlobalSettings host port fromAddress subject template tokenExpiry activateUserOnSuccess }\n      ... on InvitationStage { continueFlowWithoutInvitation }\n      ... on DenyStage { denyMessage }\n      ... on RedirectStage { redirectMode targetStatic targetFlow { slug name } keepContext }\n      ... on CaptchaStage { publicKey interactive scoreMinThreshold scoreMaxThreshold }\n      ... on AuthenticatorStaticStage { friendlyName tokenCount tokenLength configureFlow { slug name } }\n      ... on AuthenticatorTotpStage { friendlyName digits configureFlow { slug name } }\n      ... on AuthenticatorWebAuthnStage { friendlyName userVerification residentKeyRequirement\n        authenticatorAttachment maxAttempts configureFlow { slug name } }\n    }\n  }\n"): typeof import('./graphql.js').DashboardStageSettingsDocument;


export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}
