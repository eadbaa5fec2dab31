/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { DocumentTypeDecoration } from '@graphql-typed-document-node/core';
/** WebAuthn authenticator attachment (platform, cross-platform). */
export type AuthenticatorAttachment =
  | 'CROSS_PLATFORM'
  | 'PLATFORM';

/** How long a consent stage's consent lasts. */
export type ConsentMode =
  | 'ALWAYS_REQUIRE'
  | 'EXPIRING'
  | 'PERMANENT';

export type CreateFlowInput = {
  authentication?: FlowAuthentication | null | undefined;
  /** A file reference for the background (authentik 2026 and later). */
  background?: string | null | undefined;
  compatibilityMode?: boolean | null | undefined;
  deniedAction?: DeniedAction | null | undefined;
  designation: FlowDesignation;
  layout?: FlowLayout | null | undefined;
  /** Must not be blank. */
  name: string;
  policyEngineMode?: PolicyEngineMode | null | undefined;
  /** Letters, digits, '-' and '_'; unique. */
  slug: string;
  /** Must not be blank. */
  title: string;
};

export type CreateFlowStageBindingInput = {
  /** Default false. */
  evaluateOnPlan?: boolean | null | undefined;
  /** The flow's uuid. Give exactly one of flowPk and flowSlug. */
  flowPk?: string | null | undefined;
  /** The flow's slug (resolved to its uuid first). */
  flowSlug?: string | null | undefined;
  /** Default RETRY. */
  invalidResponseAction?: InvalidResponseAction | null | undefined;
  /** Position in the flow, a 32-bit integer; (flow, stage, order) must be unique. */
  order: number;
  /** Default ANY. */
  policyEngineMode?: PolicyEngineMode | null | undefined;
  /** Default true. */
  reEvaluatePolicies?: boolean | null | undefined;
  /** The stage's uuid. */
  stagePk: string;
};

export type CreatePolicyBindingInput = {
  /** Default true. */
  enabled?: boolean | null | undefined;
  /** Default false. */
  failureResult?: boolean | null | undefined;
  /** The flow's uuid. */
  flowPk?: string | null | undefined;
  /** The flow's slug. Give exactly one of flowSlug, flowPk and flowStageBindingPk. */
  flowSlug?: string | null | undefined;
  /** The flow-stage binding's uuid. */
  flowStageBindingPk?: string | null | undefined;
  /** The group's uuid. */
  groupPk?: string | null | undefined;
  /** Default false. */
  negate?: boolean | null | undefined;
  /** A 32-bit integer; (policy, target, order) must be unique. */
  order: number;
  /** The policy's uuid. Give exactly one of policyPk, groupPk and userPk. */
  policyPk?: string | null | undefined;
  /** Seconds, 0 or more. Default 30. */
  timeout?: number | null | undefined;
  /** The user's numeric id. */
  userPk?: number | null | undefined;
};

/** What the flow does when access is denied (authentik's DeniedActionEnum). */
export type DeniedAction =
  | 'CONTINUE'
  | 'MESSAGE'
  | 'MESSAGE_CONTINUE';

/** Device classes an MFA validation stage accepts. */
export type DeviceClass =
  | 'DUO'
  | 'EMAIL'
  | 'SMS'
  | 'STATIC'
  | 'TOTP'
  | 'WEBAUTHN';

/** Who may run a flow (authentik's AuthenticationEnum). */
export type FlowAuthentication =
  | 'NONE'
  | 'REQUIRE_AUTHENTICATED'
  | 'REQUIRE_OUTPOST'
  | 'REQUIRE_REDIRECT'
  | 'REQUIRE_SUPERUSER'
  | 'REQUIRE_UNAUTHENTICATED';

/** What a flow is for (authentik's FlowDesignationEnum). */
export type FlowDesignation =
  | 'AUTHENTICATION'
  | 'AUTHORIZATION'
  | 'ENROLLMENT'
  | 'INVALIDATION'
  | 'RECOVERY'
  | 'STAGE_CONFIGURATION'
  | 'UNENROLLMENT';

/** Exact-match filters on flows (authentik's filters on /flows/instances/). */
export type FlowFilter = {
  deniedAction?: DeniedAction | null | undefined;
  designation?: FlowDesignation | null | undefined;
  name?: string | null | undefined;
  pk?: string | null | undefined;
  slug?: string | null | undefined;
};

/** How the flow's page is laid out (authentik's FlowLayoutEnum). */
export type FlowLayout =
  | 'CONTENT_LEFT'
  | 'CONTENT_RIGHT'
  | 'SIDEBAR_LEFT'
  | 'SIDEBAR_LEFT_FRAME_BACKGROUND'
  | 'SIDEBAR_RIGHT'
  | 'SIDEBAR_RIGHT_FRAME_BACKGROUND'
  | 'STACKED';

/** How a session is bound to the client's location. */
export type GeoipBinding =
  | 'BIND_CONTINENT'
  | 'BIND_CONTINENT_COUNTRY'
  | 'BIND_CONTINENT_COUNTRY_CITY'
  | 'NO_BINDING';

/** Fields a user may identify with (authentik's UserFieldsEnum). */
export type IdentificationUserField =
  | 'EMAIL'
  /** User principal name. */
  | 'UPN'
  | 'USERNAME';

/** authentik's InvalidResponseActionEnum. */
export type InvalidResponseAction =
  | 'RESTART'
  | 'RESTART_WITH_CONTEXT'
  | 'RETRY';

/** How a session is bound to the client's network. */
export type NetworkBinding =
  | 'BIND_ASN'
  | 'BIND_ASN_NETWORK'
  | 'BIND_ASN_NETWORK_IP'
  | 'NO_BINDING';

/** What an MFA validation stage does when the user has no accepted device. */
export type NotConfiguredAction =
  /** The user is sent to one of the configuration stages. */
  | 'CONFIGURE'
  /** Access is denied. */
  | 'DENY'
  /** The stage is skipped. */
  | 'SKIP';

/** Where a password is checked (authentik's BackendsEnum). */
export type PasswordBackend =
  /** authentik.core.auth.InbuiltBackend: authentik's own user database. */
  | 'INBUILT'
  /** authentik.sources.kerberos.auth.KerberosBackend: Kerberos sources. */
  | 'KERBEROS'
  /** authentik.sources.ldap.auth.LDAPBackend: LDAP sources. */
  | 'LDAP'
  /** authentik.core.auth.TokenBackend: app passwords (tokens). */
  | 'TOKEN';

/** What a policy binding binds. */
export type PolicyBindingKind =
  | 'GROUP'
  | 'POLICY'
  | 'USER';

/** How authentik evaluates several policies bound to one object. */
export type PolicyEngineMode =
  /** All policies must pass. */
  | 'ALL'
  /** Any one policy passing is enough. */
  | 'ANY';

/** A prompt's field type (authentik's PromptTypeEnum; text-area is TEXT_AREA, ak-locale AK_LOCALE). */
export type PromptType =
  | 'AK_LOCALE'
  | 'CHECKBOX'
  | 'DATE'
  | 'DATE_TIME'
  | 'DROPDOWN'
  | 'EMAIL'
  | 'FILE'
  | 'HIDDEN'
  | 'NUMBER'
  | 'PASSWORD'
  | 'RADIO_BUTTON_GROUP'
  | 'SEPARATOR'
  | 'STATIC'
  | 'TEXT'
  | 'TEXT_AREA'
  | 'TEXT_AREA_READ_ONLY'
  | 'TEXT_READ_ONLY'
  | 'USERNAME';

/** Where a redirect stage sends the user. */
export type RedirectMode =
  | 'FLOW'
  | 'STATIC';

/** Fields to change; a field left out or null keeps its value. */
export type UpdateFlowInput = {
  authentication?: FlowAuthentication | null | undefined;
  background?: string | null | undefined;
  compatibilityMode?: boolean | null | undefined;
  deniedAction?: DeniedAction | null | undefined;
  designation?: FlowDesignation | null | undefined;
  layout?: FlowLayout | null | undefined;
  name?: string | null | undefined;
  policyEngineMode?: PolicyEngineMode | null | undefined;
  slug?: string | null | undefined;
  title?: string | null | undefined;
};

/** When a user write stage creates a user. */
export type UserCreationMode =
  | 'ALWAYS_CREATE'
  | 'CREATE_WHEN_REQUIRED'
  | 'NEVER_CREATE';

/** The type of users a user write stage creates. */
export type UserType =
  | 'EXTERNAL'
  | 'INTERNAL'
  | 'INTERNAL_SERVICE_ACCOUNT'
  | 'SERVICE_ACCOUNT';

/** WebAuthn user verification and resident key requirements. */
export type UserVerification =
  | 'DISCOURAGED'
  | 'PREFERRED'
  | 'REQUIRED';

export type DashboardCreateFlowMutationVariables = Exact<{
  input: CreateFlowInput;
}>;


export type DashboardCreateFlowMutation = { createFlow: { pk: string, slug: string } };

export type FlowDetailFragment = { pk: string, slug: string, name: string, title: string, designation: FlowDesignation | null, authentication: FlowAuthentication | null, layout: FlowLayout | null, deniedAction: DeniedAction | null, policyEngineMode: PolicyEngineMode | null, compatibilityMode: boolean, diagram: string | null, policyBindings: Array<{ pk: string, kind: PolicyBindingKind, order: number, enabled: boolean, negate: boolean, timeout: number, failureResult: boolean, policy: { pk: string, name: string, verboseName: string } | null, group: { pk: string, name: string } | null, user: { pk: number, username: string, name: string } | null }>, bindings: Array<{ pk: string, order: number, evaluateOnPlan: boolean, reEvaluatePolicies: boolean, policyEngineMode: PolicyEngineMode | null, invalidResponseAction: InvalidResponseAction | null, stage:
      | { pk: string, name: string, verboseName: string }
      | { pk: string, name: string, verboseName: string }
      | { pk: string, name: string, verboseName: string }
      | { pk: string, name: string, verboseName: string }
      | { pk: string, name: string, verboseName: string }
      | { pk: string, name: string, verboseName: string }
      | { pk: string, name: string, verboseName: string }
      | { pk: string, name: string, verboseName: string }
      | { pk: string, name: string, verboseName: string }
      | { pk: string, name: string, verboseName: string }
      | { pk: string, name: string, verboseName: string }
      | { pk: string, name: string, verboseName: string }
      | { pk: string, name: string, verboseName: string }
      | { pk: string, name: string, verboseName: string }
      | { pk: string, name: string, verboseName: string }
      | { pk: string, name: string, verboseName: string }
      | { pk: string, name: string, verboseName: string }
      | { pk: string, name: string, verboseName: string }
      | { pk: string, name: string, verboseName: string }
    , policyBindings: Array<{ pk: string, kind: PolicyBindingKind, order: number, enabled: boolean, negate: boolean, timeout: number, failureResult: boolean, policy: { pk: string, name: string, verboseName: string } | null, group: { pk: string, name: string } | null, user: { pk: number, username: string, name: string } | null }> }> };

export type DashboardFlowQueryVariables = Exact<{
  slug: string;
}>;


export type DashboardFlowQuery = { flow: { pk: string, slug: string, name: string, title: string, designation: FlowDesignation | null, authentication: FlowAuthentication | null, layout: FlowLayout | null, deniedAction: DeniedAction | null, policyEngineMode: PolicyEngineMode | null, compatibilityMode: boolean, diagram: string | null, policyBindings: Array<{ pk: string, kind: PolicyBindingKind, order: number, enabled: boolean, negate: boolean, timeout: number, failureResult: boolean, policy: { pk: string, name: string, verboseName: string } | null, group: { pk: string, name: string } | null, user: { pk: number, username: string, name: string } | null }>, bindings: Array<{ pk: string, order: number, evaluateOnPlan: boolean, reEvaluatePolicies: boolean, policyEngineMode: PolicyEngineMode | null, invalidResponseAction: InvalidResponseAction | null, stage:
        | { pk: string, name: string, verboseName: string }
        | { pk: string, name: string, verboseName: string }
        | { pk: string, name: string, verboseName: string }
        | { pk: string, name: string, verboseName: string }
        | { pk: string, name: string, verboseName: string }
        | { pk: string, name: string, verboseName: string }
        | { pk: string, name: string, verboseName: string }
        | { pk: string, name: string, verboseName: string }
        | { pk: string, name: string, verboseName: string }
        | { pk: string, name: string, verboseName: string }
        | { pk: string, name: string, verboseName: string }
        | { pk: string, name: string, verboseName: string }
        | { pk: string, name: string, verboseName: string }
        | { pk: string, name: string, verboseName: string }
        | { pk: string, name: string, verboseName: string }
        | { pk: string, name: string, verboseName: string }
        | { pk: string, name: string, verboseName: string }
        | { pk: string, name: string, verboseName: string }
        | { pk: string, name: string, verboseName: string }
      , policyBindings: Array<{ pk: string, kind: PolicyBindingKind, order: number, enabled: boolean, negate: boolean, timeout: number, failureResult: boolean, policy: { pk: string, name: string, verboseName: string } | null, group: { pk: string, name: string } | null, user: { pk: number, username: string, name: string } | null }> }> } | null };

export type DashboardUpdateFlowMutationVariables = Exact<{
  slug: string;
  input: UpdateFlowInput;
}>;


export type DashboardUpdateFlowMutation = { updateFlow: { pk: string, slug: string, name: string, title: string, designation: FlowDesignation | null, authentication: FlowAuthentication | null, layout: FlowLayout | null, deniedAction: DeniedAction | null, policyEngineMode: PolicyEngineMode | null, compatibilityMode: boolean, diagram: string | null, policyBindings: Array<{ pk: string, kind: PolicyBindingKind, order: number, enabled: boolean, negate: boolean, timeout: number, failureResult: boolean, policy: { pk: string, name: string, verboseName: string } | null, group: { pk: string, name: string } | null, user: { pk: number, username: string, name: string } | null }>, bindings: Array<{ pk: string, order: number, evaluateOnPlan: boolean, reEvaluatePolicies: boolean, policyEngineMode: PolicyEngineMode | null, invalidResponseAction: InvalidResponseAction | null, stage:
        | { pk: string, name: string, verboseName: string }
        | { pk: string, name: string, verboseName: string }
        | { pk: string, name: string, verboseName: string }
        | { pk: string, name: string, verboseName: string }
        | { pk: string, name: string, verboseName: string }
        | { pk: string, name: string, verboseName: string }
        | { pk: string, name: string, verboseName: string }
        | { pk: string, name: string, verboseName: string }
        | { pk: string, name: string, verboseName: string }
        | { pk: string, name: string, verboseName: string }
        | { pk: string, name: string, verboseName: string }
        | { pk: string, name: string, verboseName: string }
        | { pk: string, name: string, verboseName: string }
        | { pk: string, name: string, verboseName: string }
        | { pk: string, name: string, verboseName: string }
        | { pk: string, name: string, verboseName: string }
        | { pk: string, name: string, verboseName: string }
        | { pk: string, name: string, verboseName: string }
        | { pk: string, name: string, verboseName: string }
      , policyBindings: Array<{ pk: string, kind: PolicyBindingKind, order: number, enabled: boolean, negate: boolean, timeout: number, failureResult: boolean, policy: { pk: string, name: string, verboseName: string } | null, group: { pk: string, name: string } | null, user: { pk: number, username: string, name: string } | null }> }> } };

export type DashboardDeleteFlowMutationVariables = Exact<{
  slug: string;
}>;


export type DashboardDeleteFlowMutation = { deleteFlow: { pk: string } };

export type DashboardReorderMutationVariables = Exact<{
  flowSlug: string;
  bindingPks: Array<string> | string;
}>;


export type DashboardReorderMutation = { reorderFlowStages: { pk: string, slug: string, name: string, title: string, designation: FlowDesignation | null, authentication: FlowAuthentication | null, layout: FlowLayout | null, deniedAction: DeniedAction | null, policyEngineMode: PolicyEngineMode | null, compatibilityMode: boolean, diagram: string | null, policyBindings: Array<{ pk: string, kind: PolicyBindingKind, order: number, enabled: boolean, negate: boolean, timeout: number, failureResult: boolean, policy: { pk: string, name: string, verboseName: string } | null, group: { pk: string, name: string } | null, user: { pk: number, username: string, name: string } | null }>, bindings: Array<{ pk: string, order: number, evaluateOnPlan: boolean, reEvaluatePolicies: boolean, policyEngineMode: PolicyEngineMode | null, invalidResponseAction: InvalidResponseAction | null, stage:
        | { pk: string, name: string, verboseName: string }
        | { pk: string, name: string, verboseName: string }
        | { pk: string, name: string, verboseName: string }
        | { pk: string, name: string, verboseName: string }
        | { pk: string, name: string, verboseName: string }
        | { pk: string, name: string, verboseName: string }
        | { pk: string, name: string, verboseName: string }
        | { pk: string, name: string, verboseName: string }
        | { pk: string, name: string, verboseName: string }
        | { pk: string, name: string, verboseName: string }
        | { pk: string, name: string, verboseName: string }
        | { pk: string, name: string, verboseName: string }
        | { pk: string, name: string, verboseName: string }
        | { pk: string, name: string, verboseName: string }
        | { pk: string, name: string, verboseName: string }
        | { pk: string, name: string, verboseName: string }
        | { pk: string, name: string, verboseName: string }
        | { pk: string, name: string, verboseName: string }
        | { pk: string, name: string, verboseName: string }
      , policyBindings: Array<{ pk: string, kind: PolicyBindingKind, order: number, enabled: boolean, negate: boolean, timeout: number, failureResult: boolean, policy: { pk: string, name: string, verboseName: string } | null, group: { pk: string, name: string } | null, user: { pk: number, username: string, name: string } | null }> }> } };

export type DashboardBindMutationVariables = Exact<{
  input: CreateFlowStageBindingInput;
}>;


export type DashboardBindMutation = { createFlowStageBinding: { pk: string, stage:
      | { name: string }
      | { name: string }
      | { name: string }
      | { name: string }
      | { name: string }
      | { name: string }
      | { name: string }
      | { name: string }
      | { name: string }
      | { name: string }
      | { name: string }
      | { name: string }
      | { name: string }
      | { name: string }
      | { name: string }
      | { name: string }
      | { name: string }
      | { name: string }
      | { name: string }
    , target: { pk: string, slug: string, name: string, title: string, designation: FlowDesignation | null, authentication: FlowAuthentication | null, layout: FlowLayout | null, deniedAction: DeniedAction | null, policyEngineMode: PolicyEngineMode | null, compatibilityMode: boolean, diagram: string | null, policyBindings: Array<{ pk: string, kind: PolicyBindingKind, order: number, enabled: boolean, negate: boolean, timeout: number, failureResult: boolean, policy: { pk: string, name: string, verboseName: string } | null, group: { pk: string, name: string } | null, user: { pk: number, username: string, name: string } | null }>, bindings: Array<{ pk: string, order: number, evaluateOnPlan: boolean, reEvaluatePolicies: boolean, policyEngineMode: PolicyEngineMode | null, invalidResponseAction: InvalidResponseAction | null, stage:
          | { pk: string, name: string, verboseName: string }
          | { pk: string, name: string, verboseName: string }
          | { pk: string, name: string, verboseName: string }
          | { pk: string, name: string, verboseName: string }
          | { pk: string, name: string, verboseName: string }
          | { pk: string, name: string, verboseName: string }
          | { pk: string, name: string, verboseName: string }
          | { pk: string, name: string, verboseName: string }
          | { pk: string, name: string, verboseName: string }
          | { pk: string, name: string, verboseName: string }
          | { pk: string, name: string, verboseName: string }
          | { pk: string, name: string, verboseName: string }
          | { pk: string, name: string, verboseName: string }
          | { pk: string, name: string, verboseName: string }
          | { pk: string, name: string, verboseName: string }
          | { pk: string, name: string, verboseName: string }
          | { pk: string, name: string, verboseName: string }
          | { pk: string, name: string, verboseName: string }
          | { pk: string, name: string, verboseName: string }
        , policyBindings: Array<{ pk: string, kind: PolicyBindingKind, order: number, enabled: boolean, negate: boolean, timeout: number, failureResult: boolean, policy: { pk: string, name: string, verboseName: string } | null, group: { pk: string, name: string } | null, user: { pk: number, username: string, name: string } | null }> }> } } };

export type DashboardUnbindMutationVariables = Exact<{
  pk: string;
}>;


export type DashboardUnbindMutation = { deleteFlowStageBinding: { pk: string } };

export type DashboardStagesQueryVariables = Exact<{
  search?: string | null | undefined;
}>;


export type DashboardStagesQuery = { stages: { totalCount: number, nodes: Array<
      | { pk: string, name: string, verboseName: string }
      | { pk: string, name: string, verboseName: string }
      | { pk: string, name: string, verboseName: string }
      | { pk: string, name: string, verboseName: string }
      | { pk: string, name: string, verboseName: string }
      | { pk: string, name: string, verboseName: string }
      | { pk: string, name: string, verboseName: string }
      | { pk: string, name: string, verboseName: string }
      | { pk: string, name: string, verboseName: string }
      | { pk: string, name: string, verboseName: string }
      | { pk: string, name: string, verboseName: string }
      | { pk: string, name: string, verboseName: string }
      | { pk: string, name: string, verboseName: string }
      | { pk: string, name: string, verboseName: string }
      | { pk: string, name: string, verboseName: string }
      | { pk: string, name: string, verboseName: string }
      | { pk: string, name: string, verboseName: string }
      | { pk: string, name: string, verboseName: string }
      | { pk: string, name: string, verboseName: string }
     | null> } };

export type DashboardFlowsQueryVariables = Exact<{
  first: number;
  after?: string | null | undefined;
  search?: string | null | undefined;
  filter?: FlowFilter | null | undefined;
}>;


export type DashboardFlowsQuery = { flows: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, nodes: Array<{ pk: string, slug: string, name: string, title: string, designation: FlowDesignation | null, bindings: Array<{ pk: string, order: number, stage:
          | { pk: string, name: string, verboseName: string }
          | { pk: string, name: string, verboseName: string }
          | { pk: string, name: string, verboseName: string }
          | { pk: string, name: string, verboseName: string }
          | { pk: string, name: string, verboseName: string }
          | { pk: string, name: string, verboseName: string }
          | { pk: string, name: string, verboseName: string }
          | { pk: string, name: string, verboseName: string }
          | { pk: string, name: string, verboseName: string }
          | { pk: string, name: string, verboseName: string }
          | { pk: string, name: string, verboseName: string }
          | { pk: string, name: string, verboseName: string }
          | { pk: string, name: string, verboseName: string }
          | { pk: string, name: string, verboseName: string }
          | { pk: string, name: string, verboseName: string }
          | { pk: string, name: string, verboseName: string }
          | { pk: string, name: string, verboseName: string }
          | { pk: string, name: string, verboseName: string }
          | { pk: string, name: string, verboseName: string }
         }> } | null> } };

export type PolicyBindingFieldsFragment = { pk: string, kind: PolicyBindingKind, order: number, enabled: boolean, negate: boolean, timeout: number, failureResult: boolean, policy: { pk: string, name: string, verboseName: string } | null, group: { pk: string, name: string } | null, user: { pk: number, username: string, name: string } | null };

export type DashboardPoliciesQueryVariables = Exact<{
  search?: string | null | undefined;
}>;


export type DashboardPoliciesQuery = { policies: { totalCount: number, nodes: Array<{ pk: string, name: string, verboseName: string } | null> } };

export type DashboardBindPolicyMutationVariables = Exact<{
  input: CreatePolicyBindingInput;
}>;


export type DashboardBindPolicyMutation = { createPolicyBinding: { pk: string } };

export type DashboardSetPolicyBindingEnabledMutationVariables = Exact<{
  pk: string;
  enabled: boolean;
}>;


export type DashboardSetPolicyBindingEnabledMutation = { updatePolicyBinding: { pk: string, enabled: boolean } };

export type DashboardUnbindPolicyMutationVariables = Exact<{
  pk: string;
}>;


export type DashboardUnbindPolicyMutation = { deletePolicyBinding: { pk: string } };

export type DashboardStageSettingsQueryVariables = Exact<{
  pk: string;
}>;


export type DashboardStageSettingsQuery = { stage:
    | { __typename: 'AuthenticatorStaticStage', friendlyName: string | null, tokenCount: number | null, tokenLength: number | null, pk: string, name: string, verboseName: string, component: string, configureFlow: { slug: string, name: string } | null }
    | { __typename: 'AuthenticatorTotpStage', friendlyName: string | null, digits: number | null, pk: string, name: string, verboseName: string, component: string, configureFlow: { slug: string, name: string } | null }
    | { __typename: 'AuthenticatorValidateStage', notConfiguredAction: NotConfiguredAction | null, deviceClasses: Array<DeviceClass> | null, lastAuthThreshold: string | null, webauthnUserVerification: UserVerification | null, pk: string, name: string, verboseName: string, component: string, configurationStages: Array<
        | { pk: string, name: string, verboseName: string }
        | { pk: string, name: string, verboseName: string }
        | { pk: string, name: string, verboseName: string }
        | { pk: string, name: string, verboseName: string }
        | { pk: string, name: string, verboseName: string }
        | { pk: string, name: string, verboseName: string }
        | { pk: string, name: string, verboseName: string }
        | { pk: string, name: string, verboseName: string }
        | { pk: string, name: string, verboseName: string }
        | { pk: string, name: string, verboseName: string }
        | { pk: string, name: string, verboseName: string }
        | { pk: string, name: string, verboseName: string }
        | { pk: string, name: string, verboseName: string }
        | { pk: string, name: string, verboseName: string }
        | { pk: string, name: string, verboseName: string }
        | { pk: string, name: string, verboseName: string }
        | { pk: string, name: string, verboseName: string }
        | { pk: string, name: string, verboseName: string }
        | { pk: string, name: string, verboseName: string }
      > | null }
    | { __typename: 'AuthenticatorWebAuthnStage', friendlyName: string | null, userVerification: UserVerification | null, residentKeyRequirement: UserVerification | null, authenticatorAttachment: AuthenticatorAttachment | null, maxAttempts: number | null, pk: string, name: string, verboseName: string, component: string, configureFlow: { slug: string, name: string } | null }
    | { __typename: 'CaptchaStage', publicKey: string | null, interactive: boolean | null, scoreMinThreshold: number | null, scoreMaxThreshold: number | null, pk: string, name: string, verboseName: string, component: string }
    | { __typename: 'ConsentStage', consentMode: ConsentMode | null, consentExpireIn: string | null, pk: string, name: string, verboseName: string, component: string }
    | { __typename: 'DenyStage', denyMessage: string | null, pk: string, name: string, verboseName: string, component: string }
    | { __typename: 'DummyStage', pk: string, name: string, verboseName: string, component: string }
    | { __typename: 'EmailStage', useGlobalSettings: boolean | null, host: string | null, port: number | null, fromAddress: string | null, subject: string | null, template: string | null, tokenExpiry: string | null, activateUserOnSuccess: boolean | null, pk: string, name: string, verboseName: string, component: string }
    | { __typename: 'GenericStage', pk: string, name: string, verboseName: string, component: string }
    | { __typename: 'IdentificationStage', userFields: Array<IdentificationUserField> | null, caseInsensitiveMatching: boolean | null, showMatchedUser: boolean | null, pretendUserExists: boolean | null, enableRememberMe: boolean | null, showSourceLabels: boolean | null, pk: string, name: string, verboseName: string, component: string, enrollmentFlow: { slug: string, name: string } | null, recoveryFlow: { slug: string, name: string } | null, passwordlessFlow: { slug: string, name: string } | null, passwordStage:
        | { pk: string, name: string }
        | { pk: string, name: string }
        | { pk: string, name: string }
        | { pk: string, name: string }
        | { pk: string, name: string }
        | { pk: string, name: string }
        | { pk: string, name: string }
        | { pk: string, name: string }
        | { pk: string, name: string }
        | { pk: string, name: string }
        | { pk: string, name: string }
        | { pk: string, name: string }
        | { pk: string, name: string }
        | { pk: string, name: string }
        | { pk: string, name: string }
        | { pk: string, name: string }
        | { pk: string, name: string }
        | { pk: string, name: string }
        | { pk: string, name: string }
       | null, captchaStage:
        | { pk: string, name: string }
        | { pk: string, name: string }
        | { pk: string, name: string }
        | { pk: string, name: string }
        | { pk: string, name: string }
        | { pk: string, name: string }
        | { pk: string, name: string }
        | { pk: string, name: string }
        | { pk: string, name: string }
        | { pk: string, name: string }
        | { pk: string, name: string }
        | { pk: string, name: string }
        | { pk: string, name: string }
        | { pk: string, name: string }
        | { pk: string, name: string }
        | { pk: string, name: string }
        | { pk: string, name: string }
        | { pk: string, name: string }
        | { pk: string, name: string }
       | null, webauthnStage:
        | { pk: string, name: string }
        | { pk: string, name: string }
        | { pk: string, name: string }
        | { pk: string, name: string }
        | { pk: string, name: string }
        | { pk: string, name: string }
        | { pk: string, name: string }
        | { pk: string, name: string }
        | { pk: string, name: string }
        | { pk: string, name: string }
        | { pk: string, name: string }
        | { pk: string, name: string }
        | { pk: string, name: string }
        | { pk: string, name: string }
        | { pk: string, name: string }
        | { pk: string, name: string }
        | { pk: string, name: string }
        | { pk: string, name: string }
        | { pk: string, name: string }
       | null }
    | { __typename: 'InvitationStage', continueFlowWithoutInvitation: boolean | null, pk: string, name: string, verboseName: string, component: string }
    | { __typename: 'PasswordStage', backends: Array<PasswordBackend> | null, failedAttemptsBeforeCancel: number | null, allowShowPassword: boolean | null, pk: string, name: string, verboseName: string, component: string, configureFlow: { slug: string, name: string } | null }
    | { __typename: 'PromptStage', pk: string, name: string, verboseName: string, component: string, fields: Array<{ fieldKey: string, label: string, type: PromptType | null, required: boolean | null, placeholder: string | null, order: number | null }> | null }
    | { __typename: 'RedirectStage', redirectMode: RedirectMode | null, targetStatic: string | null, keepContext: boolean | null, pk: string, name: string, verboseName: string, component: string, targetFlow: { slug: string, name: string } | null }
    | { __typename: 'UserDeleteStage', pk: string, name: string, verboseName: string, component: string }
    | { __typename: 'UserLoginStage', sessionDuration: string | null, rememberMeOffset: string | null, terminateOtherSessions: boolean | null, networkBinding: NetworkBinding | null, geoipBinding: GeoipBinding | null, rememberDevice: string | null, pk: string, name: string, verboseName: string, component: string }
    | { __typename: 'UserLogoutStage', pk: string, name: string, verboseName: string, component: string }
    | { __typename: 'UserWriteStage', userCreationMode: UserCreationMode | null, userType: UserType | null, createUsersAsInactive: boolean | null, userPathTemplate: string | null, pk: string, name: string, verboseName: string, component: string }
   | null };

export class TypedDocumentString<TResult, TVariables>
  extends String
  implements DocumentTypeDecoration<TResult, TVariables>
{
  __apiType?: NonNullable<DocumentTypeDecoration<TResult, TVariables>['__apiType']>;
  private value: string;
  public __meta__?: Record<string, any> | undefined;

  constructor(value: string, __meta__?: Record<string, any> | undefined) {
    super(value);
    this.value = value;
    this.__meta__ = __meta__;
  }

  override toString(): string & DocumentTypeDecoration<TResult, TVariables> {
    return this.value;
  }
}
export const PolicyBindingFieldsFragmentDoc = new TypedDocumentString(`
    fragment PolicyBindingFields on PolicyBinding {
  pk
  kind
  order
  enabled
  negate
  timeout
  failureResult
  policy {
    pk
    name
    verboseName
  }
  group {
    pk
    name
  }
  user {
    pk
    username
    name
  }
}
    `, {"fragmentName":"PolicyBindingFields"}) as unknown as TypedDocumentString<PolicyBindingFieldsFragment, unknown>;
export const FlowDetailFragmentDoc = new TypedDocumentString(`
    fragment FlowDetail on Flow {
  pk
  slug
  name
  title
  designation
  authentication
  layout
  deniedAction
  policyEngineMode
  compatibilityMode
  diagram
  policyBindings {
    ...PolicyBindingFields
  }
  bindings {
    pk
    order
    evaluateOnPlan
    reEvaluatePolicies
    policyEngineMode
    invalidResponseAction
    stage {
      pk
      name
      verboseName
    }
    policyBindings {
      ...PolicyBindingFields
    }
  }
}
    fragment PolicyBindingFields on PolicyBinding {
  pk
  kind
  order
  enabled
  negate
  timeout
  failureResult
  policy {
    pk
    name
    verboseName
  }
  group {
    pk
    name
  }
  user {
    pk
    username
    name
  }
}`, {"fragmentName":"FlowDetail"}) as unknown as TypedDocumentString<FlowDetailFragment, unknown>;
export const DashboardCreateFlowDocument = new TypedDocumentString(`
    mutation DashboardCreateFlow($input: CreateFlowInput!) {
  createFlow(input: $input) {
    pk
    slug
  }
}
    `) as unknown as TypedDocumentString<DashboardCreateFlowMutation, DashboardCreateFlowMutationVariables>;
export const DashboardFlowDocument = new TypedDocumentString(`
    query DashboardFlow($slug: String!) {
  flow(slug: $slug) {
    ...FlowDetail
  }
}
    fragment FlowDetail on Flow {
  pk
  slug
  name
  title
  designation
  authentication
  layout
  deniedAction
  policyEngineMode
  compatibilityMode
  diagram
  policyBindings {
    ...PolicyBindingFields
  }
  bindings {
    pk
    order
    evaluateOnPlan
    reEvaluatePolicies
    policyEngineMode
    invalidResponseAction
    stage {
      pk
      name
      verboseName
    }
    policyBindings {
      ...PolicyBindingFields
    }
  }
}
fragment PolicyBindingFields on PolicyBinding {
  pk
  kind
  order
  enabled
  negate
  timeout
  failureResult
  policy {
    pk
    name
    verboseName
  }
  group {
    pk
    name
  }
  user {
    pk
    username
    name
  }
}`) as unknown as TypedDocumentString<DashboardFlowQuery, DashboardFlowQueryVariables>;
export const DashboardUpdateFlowDocument = new TypedDocumentString(`
    mutation DashboardUpdateFlow($slug: String!, $input: UpdateFlowInput!) {
  updateFlow(slug: $slug, input: $input) {
    ...FlowDetail
  }
}
    fragment FlowDetail on Flow {
  pk
  slug
  name
  title
  designation
  authentication
  layout
  deniedAction
  policyEngineMode
  compatibilityMode
  diagram
  policyBindings {
    ...PolicyBindingFields
  }
  bindings {
    pk
    order
    evaluateOnPlan
    reEvaluatePolicies
    policyEngineMode
    invalidResponseAction
    stage {
      pk
      name
      verboseName
    }
    policyBindings {
      ...PolicyBindingFields
    }
  }
}
fragment PolicyBindingFields on PolicyBinding {
  pk
  kind
  order
  enabled
  negate
  timeout
  failureResult
  policy {
    pk
    name
    verboseName
  }
  group {
    pk
    name
  }
  user {
    pk
    username
    name
  }
}`) as unknown as TypedDocumentString<DashboardUpdateFlowMutation, DashboardUpdateFlowMutationVariables>;
export const DashboardDeleteFlowDocument = new TypedDocumentString(`
    mutation DashboardDeleteFlow($slug: String!) {
  deleteFlow(slug: $slug) {
    pk
  }
}
    `) as unknown as TypedDocumentString<DashboardDeleteFlowMutation, DashboardDeleteFlowMutationVariables>;
export const DashboardReorderDocument = new TypedDocumentString(`
    mutation DashboardReorder($flowSlug: String!, $bindingPks: [ID!]!) {
  reorderFlowStages(flowSlug: $flowSlug, bindingPks: $bindingPks) {
    ...FlowDetail
  }
}
    fragment FlowDetail on Flow {
  pk
  slug
  name
  title
  designation
  authentication
  layout
  deniedAction
  policyEngineMode
  compatibilityMode
  diagram
  policyBindings {
    ...PolicyBindingFields
  }
  bindings {
    pk
    order
    evaluateOnPlan
    reEvaluatePolicies
    policyEngineMode
    invalidResponseAction
    stage {
      pk
      name
      verboseName
    }
    policyBindings {
      ...PolicyBindingFields
    }
  }
}
fragment PolicyBindingFields on PolicyBinding {
  pk
  kind
  order
  enabled
  negate
  timeout
  failureResult
  policy {
    pk
    name
    verboseName
  }
  group {
    pk
    name
  }
  user {
    pk
    username
    name
  }
}`) as unknown as TypedDocumentString<DashboardReorderMutation, DashboardReorderMutationVariables>;
export const DashboardBindDocument = new TypedDocumentString(`
    mutation DashboardBind($input: CreateFlowStageBindingInput!) {
  createFlowStageBinding(input: $input) {
    pk
    stage {
      name
    }
    target {
      ...FlowDetail
    }
  }
}
    fragment FlowDetail on Flow {
  pk
  slug
  name
  title
  designation
  authentication
  layout
  deniedAction
  policyEngineMode
  compatibilityMode
  diagram
  policyBindings {
    ...PolicyBindingFields
  }
  bindings {
    pk
    order
    evaluateOnPlan
    reEvaluatePolicies
    policyEngineMode
    invalidResponseAction
    stage {
      pk
      name
      verboseName
    }
    policyBindings {
      ...PolicyBindingFields
    }
  }
}
fragment PolicyBindingFields on PolicyBinding {
  pk
  kind
  order
  enabled
  negate
  timeout
  failureResult
  policy {
    pk
    name
    verboseName
  }
  group {
    pk
    name
  }
  user {
    pk
    username
    name
  }
}`) as unknown as TypedDocumentString<DashboardBindMutation, DashboardBindMutationVariables>;
export const DashboardUnbindDocument = new TypedDocumentString(`
    mutation DashboardUnbind($pk: ID!) {
  deleteFlowStageBinding(pk: $pk) {
    pk
  }
}
    `) as unknown as TypedDocumentString<DashboardUnbindMutation, DashboardUnbindMutationVariables>;
export const DashboardStagesDocument = new TypedDocumentString(`
    query DashboardStages($search: String) {
  stages(first: 100, search: $search, orderBy: {field: NAME}) {
    totalCount
    nodes {
      pk
      name
      verboseName
    }
  }
}
    `) as unknown as TypedDocumentString<DashboardStagesQuery, DashboardStagesQueryVariables>;
export const DashboardFlowsDocument = new TypedDocumentString(`
    query DashboardFlows($first: Int!, $after: String, $search: String, $filter: FlowFilter) {
  flows(first: $first, after: $after, search: $search, filter: $filter) {
    totalCount
    pageInfo {
      hasNextPage
      endCursor
    }
    nodes {
      pk
      slug
      name
      title
      designation
      bindings {
        pk
        order
        stage {
          pk
          name
          verboseName
        }
      }
    }
  }
}
    `) as unknown as TypedDocumentString<DashboardFlowsQuery, DashboardFlowsQueryVariables>;
export const DashboardPoliciesDocument = new TypedDocumentString(`
    query DashboardPolicies($search: String) {
  policies(first: 100, search: $search) {
    totalCount
    nodes {
      pk
      name
      verboseName
    }
  }
}
    `) as unknown as TypedDocumentString<DashboardPoliciesQuery, DashboardPoliciesQueryVariables>;
export const DashboardBindPolicyDocument = new TypedDocumentString(`
    mutation DashboardBindPolicy($input: CreatePolicyBindingInput!) {
  createPolicyBinding(input: $input) {
    pk
  }
}
    `) as unknown as TypedDocumentString<DashboardBindPolicyMutation, DashboardBindPolicyMutationVariables>;
export const DashboardSetPolicyBindingEnabledDocument = new TypedDocumentString(`
    mutation DashboardSetPolicyBindingEnabled($pk: ID!, $enabled: Boolean!) {
  updatePolicyBinding(pk: $pk, input: {enabled: $enabled}) {
    pk
    enabled
  }
}
    `) as unknown as TypedDocumentString<DashboardSetPolicyBindingEnabledMutation, DashboardSetPolicyBindingEnabledMutationVariables>;
export const DashboardUnbindPolicyDocument = new TypedDocumentString(`
    mutation DashboardUnbindPolicy($pk: ID!) {
  deletePolicyBinding(pk: $pk) {
    pk
  }
}
    `) as unknown as TypedDocumentString<DashboardUnbindPolicyMutation, DashboardUnbindPolicyMutationVariables>;
export const DashboardStageSettingsDocument = new TypedDocumentString(`
    query DashboardStageSettings($pk: ID!) {
  stage(pk: $pk) {
    __typename
    pk
    name
    verboseName
    component
    ... on IdentificationStage {
      userFields
      caseInsensitiveMatching
      showMatchedUser
      pretendUserExists
      enableRememberMe
      showSourceLabels
      enrollmentFlow {
        slug
        name
      }
      recoveryFlow {
        slug
        name
      }
      passwordlessFlow {
        slug
        name
      }
      passwordStage {
        pk
        name
      }
      captchaStage {
        pk
        name
      }
      webauthnStage {
        pk
        name
      }
    }
    ... on PasswordStage {
      backends
      failedAttemptsBeforeCancel
      allowShowPassword
      configureFlow {
        slug
        name
      }
    }
    ... on AuthenticatorValidateStage {
      notConfiguredAction
      deviceClasses
      lastAuthThreshold
      webauthnUserVerification
      configurationStages {
        pk
        name
        verboseName
      }
    }
    ... on UserLoginStage {
      sessionDuration
      rememberMeOffset
      terminateOtherSessions
      networkBinding
      geoipBinding
      rememberDevice
    }
    ... on UserWriteStage {
      userCreationMode
      userType
      createUsersAsInactive
      userPathTemplate
    }
    ... on PromptStage {
      fields {
        fieldKey
        label
        type
        required
        placeholder
        order
      }
    }
    ... on ConsentStage {
      consentMode
      consentExpireIn
    }
    ... on EmailStage {
      useGlobalSettings
      host
      port
      fromAddress
      subject
      template
      tokenExpiry
      activateUserOnSuccess
    }
    ... on InvitationStage {
      continueFlowWithoutInvitation
    }
    ... on DenyStage {
      denyMessage
    }
    ... on RedirectStage {
      redirectMode
      targetStatic
      targetFlow {
        slug
        name
      }
      keepContext
    }
    ... on CaptchaStage {
      publicKey
      interactive
      scoreMinThreshold
      scoreMaxThreshold
    }
    ... on AuthenticatorStaticStage {
      friendlyName
      tokenCount
      tokenLength
      configureFlow {
        slug
        name
      }
    }
    ... on AuthenticatorTotpStage {
      friendlyName
      digits
      configureFlow {
        slug
        name
      }
    }
    ... on AuthenticatorWebAuthnStage {
      friendlyName
      userVerification
      residentKeyRequirement
      authenticatorAttachment
      maxAttempts
      configureFlow {
        slug
        name
      }
    }
  }
}
    `) as unknown as TypedDocumentString<DashboardStageSettingsQuery, DashboardStageSettingsQueryVariables>;