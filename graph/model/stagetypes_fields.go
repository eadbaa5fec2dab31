// One Go type per GraphQL stage type, with a method per setting (loaded
// through the request's StageSettings loader on first use).

package model

import (
	"context"

	"flowgate/upstream"
)

// IdentificationStage is a stage of that type; its settings load on first use.
type IdentificationStage struct{ StageBase }

// IsStage marks IdentificationStage as a Stage.
func (*IdentificationStage) IsStage() {}

// UserFields is the stage's user_fields setting.
func (s *IdentificationStage) UserFields(ctx context.Context) ([]IdentificationUserField, error) {
	return enumListSetting(ctx, &s.StageBase, "IdentificationUserField", parseIdentificationUserField, func(x *upstream.StageSettings) []string { return x.UserFields })
}

// CaseInsensitiveMatching is the stage's case_insensitive_matching setting.
func (s *IdentificationStage) CaseInsensitiveMatching(ctx context.Context) (*bool, error) {
	return setting(ctx, &s.StageBase, func(x *upstream.StageSettings) *bool { return x.CaseInsensitiveMatching })
}

// ShowMatchedUser is the stage's show_matched_user setting.
func (s *IdentificationStage) ShowMatchedUser(ctx context.Context) (*bool, error) {
	return setting(ctx, &s.StageBase, func(x *upstream.StageSettings) *bool { return x.ShowMatchedUser })
}

// EnrollmentFlow is the stage's enrollment_flow setting.
func (s *IdentificationStage) EnrollmentFlow(ctx context.Context) (*Flow, error) {
	return flowSetting(ctx, &s.StageBase, func(x *upstream.StageSettings) *string { return x.EnrollmentFlow })
}

// RecoveryFlow is the stage's recovery_flow setting.
func (s *IdentificationStage) RecoveryFlow(ctx context.Context) (*Flow, error) {
	return flowSetting(ctx, &s.StageBase, func(x *upstream.StageSettings) *string { return x.RecoveryFlow })
}

// PasswordlessFlow is the stage's passwordless_flow setting.
func (s *IdentificationStage) PasswordlessFlow(ctx context.Context) (*Flow, error) {
	return flowSetting(ctx, &s.StageBase, func(x *upstream.StageSettings) *string { return x.PasswordlessFlow })
}

// PasswordStage is the stage's password_stage setting.
func (s *IdentificationStage) PasswordStage(ctx context.Context) (Stage, error) {
	return stageSetting(ctx, &s.StageBase, func(x *upstream.StageSettings) *string { return x.PasswordStage })
}

// CaptchaStage is the stage's captcha_stage setting.
func (s *IdentificationStage) CaptchaStage(ctx context.Context) (Stage, error) {
	return stageSetting(ctx, &s.StageBase, func(x *upstream.StageSettings) *string { return x.CaptchaStage })
}

// WebauthnStage is the stage's webauthn_stage setting.
func (s *IdentificationStage) WebauthnStage(ctx context.Context) (Stage, error) {
	return stageSetting(ctx, &s.StageBase, func(x *upstream.StageSettings) *string { return x.WebauthnStage })
}

// SourcePKs is the stage's sources setting.
func (s *IdentificationStage) SourcePKs(ctx context.Context) ([]string, error) {
	return setting(ctx, &s.StageBase, func(x *upstream.StageSettings) []string { return x.Sources })
}

// ShowSourceLabels is the stage's show_source_labels setting.
func (s *IdentificationStage) ShowSourceLabels(ctx context.Context) (*bool, error) {
	return setting(ctx, &s.StageBase, func(x *upstream.StageSettings) *bool { return x.ShowSourceLabels })
}

// PretendUserExists is the stage's pretend_user_exists setting.
func (s *IdentificationStage) PretendUserExists(ctx context.Context) (*bool, error) {
	return setting(ctx, &s.StageBase, func(x *upstream.StageSettings) *bool { return x.PretendUserExists })
}

// EnableRememberMe is the stage's enable_remember_me setting.
func (s *IdentificationStage) EnableRememberMe(ctx context.Context) (*bool, error) {
	return setting(ctx, &s.StageBase, func(x *upstream.StageSettings) *bool { return x.EnableRememberMe })
}

// PasswordStage is a stage of that type; its settings load on first use.
type PasswordStage struct{ StageBase }

// IsStage marks PasswordStage as a Stage.
func (*PasswordStage) IsStage() {}

// Backends is the stage's backends setting.
func (s *PasswordStage) Backends(ctx context.Context) ([]PasswordBackend, error) {
	return enumListSetting(ctx, &s.StageBase, "PasswordBackend", parsePasswordBackend, func(x *upstream.StageSettings) []string { return x.Backends })
}

// ConfigureFlow is the stage's configure_flow setting.
func (s *PasswordStage) ConfigureFlow(ctx context.Context) (*Flow, error) {
	return flowSetting(ctx, &s.StageBase, func(x *upstream.StageSettings) *string { return x.ConfigureFlow })
}

// FailedAttemptsBeforeCancel is the stage's failed_attempts_before_cancel setting.
func (s *PasswordStage) FailedAttemptsBeforeCancel(ctx context.Context) (*int, error) {
	return setting(ctx, &s.StageBase, func(x *upstream.StageSettings) *int { return x.FailedAttemptsBeforeCancel })
}

// AllowShowPassword is the stage's allow_show_password setting.
func (s *PasswordStage) AllowShowPassword(ctx context.Context) (*bool, error) {
	return setting(ctx, &s.StageBase, func(x *upstream.StageSettings) *bool { return x.AllowShowPassword })
}

// AuthenticatorValidateStage is a stage of that type; its settings load on first use.
type AuthenticatorValidateStage struct{ StageBase }

// IsStage marks AuthenticatorValidateStage as a Stage.
func (*AuthenticatorValidateStage) IsStage() {}

// NotConfiguredAction is the stage's not_configured_action setting.
func (s *AuthenticatorValidateStage) NotConfiguredAction(ctx context.Context) (*NotConfiguredAction, error) {
	return enumSetting(ctx, &s.StageBase, "NotConfiguredAction", parseNotConfiguredAction, func(x *upstream.StageSettings) *string { return x.NotConfiguredAction })
}

// DeviceClasses is the stage's device_classes setting.
func (s *AuthenticatorValidateStage) DeviceClasses(ctx context.Context) ([]DeviceClass, error) {
	return enumListSetting(ctx, &s.StageBase, "DeviceClass", parseDeviceClass, func(x *upstream.StageSettings) []string { return x.DeviceClasses })
}

// ConfigurationStages is the stage's configuration_stages setting.
func (s *AuthenticatorValidateStage) ConfigurationStages(ctx context.Context) ([]Stage, error) {
	return stagesSetting(ctx, &s.StageBase, func(x *upstream.StageSettings) []string { return x.ConfigurationStages })
}

// LastAuthThreshold is the stage's last_auth_threshold setting.
func (s *AuthenticatorValidateStage) LastAuthThreshold(ctx context.Context) (*string, error) {
	return setting(ctx, &s.StageBase, func(x *upstream.StageSettings) *string { return x.LastAuthThreshold })
}

// WebauthnUserVerification is the stage's webauthn_user_verification setting.
func (s *AuthenticatorValidateStage) WebauthnUserVerification(ctx context.Context) (*UserVerification, error) {
	return enumSetting(ctx, &s.StageBase, "UserVerification", parseUserVerification, func(x *upstream.StageSettings) *string { return x.WebauthnUserVerification })
}

// WebauthnHints is the stage's webauthn_hints setting.
func (s *AuthenticatorValidateStage) WebauthnHints(ctx context.Context) ([]WebAuthnHint, error) {
	return enumListSetting(ctx, &s.StageBase, "WebAuthnHint", parseWebAuthnHint, func(x *upstream.StageSettings) []string { return x.WebauthnHints })
}

// WebauthnAllowedDeviceTypePKs is the stage's webauthn_allowed_device_types setting.
func (s *AuthenticatorValidateStage) WebauthnAllowedDeviceTypePKs(ctx context.Context) ([]string, error) {
	return setting(ctx, &s.StageBase, func(x *upstream.StageSettings) []string { return x.WebauthnAllowedDeviceTypes })
}

// UserLoginStage is a stage of that type; its settings load on first use.
type UserLoginStage struct{ StageBase }

// IsStage marks UserLoginStage as a Stage.
func (*UserLoginStage) IsStage() {}

// SessionDuration is the stage's session_duration setting.
func (s *UserLoginStage) SessionDuration(ctx context.Context) (*string, error) {
	return setting(ctx, &s.StageBase, func(x *upstream.StageSettings) *string { return x.SessionDuration })
}

// TerminateOtherSessions is the stage's terminate_other_sessions setting.
func (s *UserLoginStage) TerminateOtherSessions(ctx context.Context) (*bool, error) {
	return setting(ctx, &s.StageBase, func(x *upstream.StageSettings) *bool { return x.TerminateOtherSessions })
}

// RememberMeOffset is the stage's remember_me_offset setting.
func (s *UserLoginStage) RememberMeOffset(ctx context.Context) (*string, error) {
	return setting(ctx, &s.StageBase, func(x *upstream.StageSettings) *string { return x.RememberMeOffset })
}

// NetworkBinding is the stage's network_binding setting.
func (s *UserLoginStage) NetworkBinding(ctx context.Context) (*NetworkBinding, error) {
	return enumSetting(ctx, &s.StageBase, "NetworkBinding", parseNetworkBinding, func(x *upstream.StageSettings) *string { return x.NetworkBinding })
}

// GeoipBinding is the stage's geoip_binding setting.
func (s *UserLoginStage) GeoipBinding(ctx context.Context) (*GeoipBinding, error) {
	return enumSetting(ctx, &s.StageBase, "GeoipBinding", parseGeoipBinding, func(x *upstream.StageSettings) *string { return x.GeoipBinding })
}

// RememberDevice is the stage's remember_device setting.
func (s *UserLoginStage) RememberDevice(ctx context.Context) (*string, error) {
	return setting(ctx, &s.StageBase, func(x *upstream.StageSettings) *string { return x.RememberDevice })
}

// UserLogoutStage is a stage of that type; its settings load on first use.
type UserLogoutStage struct{ StageBase }

// IsStage marks UserLogoutStage as a Stage.
func (*UserLogoutStage) IsStage() {}

// UserWriteStage is a stage of that type; its settings load on first use.
type UserWriteStage struct{ StageBase }

// IsStage marks UserWriteStage as a Stage.
func (*UserWriteStage) IsStage() {}

// UserCreationMode is the stage's user_creation_mode setting.
func (s *UserWriteStage) UserCreationMode(ctx context.Context) (*UserCreationMode, error) {
	return enumSetting(ctx, &s.StageBase, "UserCreationMode", parseUserCreationMode, func(x *upstream.StageSettings) *string { return x.UserCreationMode })
}

// CreateUsersAsInactive is the stage's create_users_as_inactive setting.
func (s *UserWriteStage) CreateUsersAsInactive(ctx context.Context) (*bool, error) {
	return setting(ctx, &s.StageBase, func(x *upstream.StageSettings) *bool { return x.CreateUsersAsInactive })
}

// CreateUsersGroupPK is the stage's create_users_group setting.
func (s *UserWriteStage) CreateUsersGroupPK(ctx context.Context) (*string, error) {
	return setting(ctx, &s.StageBase, func(x *upstream.StageSettings) *string { return x.CreateUsersGroup })
}

// UserType is the stage's user_type setting.
func (s *UserWriteStage) UserType(ctx context.Context) (*UserType, error) {
	return enumSetting(ctx, &s.StageBase, "UserType", parseUserType, func(x *upstream.StageSettings) *string { return x.UserType })
}

// UserPathTemplate is the stage's user_path_template setting.
func (s *UserWriteStage) UserPathTemplate(ctx context.Context) (*string, error) {
	return setting(ctx, &s.StageBase, func(x *upstream.StageSettings) *string { return x.UserPathTemplate })
}

// UserDeleteStage is a stage of that type; its settings load on first use.
type UserDeleteStage struct{ StageBase }

// IsStage marks UserDeleteStage as a Stage.
func (*UserDeleteStage) IsStage() {}

// PromptStage is a stage of that type; its settings load on first use.
type PromptStage struct{ StageBase }

// IsStage marks PromptStage as a Stage.
func (*PromptStage) IsStage() {}

// ValidationPolicyPKs is the stage's validation_policies setting.
func (s *PromptStage) ValidationPolicyPKs(ctx context.Context) ([]string, error) {
	return setting(ctx, &s.StageBase, func(x *upstream.StageSettings) []string { return x.ValidationPolicies })
}

// ConsentStage is a stage of that type; its settings load on first use.
type ConsentStage struct{ StageBase }

// IsStage marks ConsentStage as a Stage.
func (*ConsentStage) IsStage() {}

// ConsentMode is the stage's mode setting.
func (s *ConsentStage) ConsentMode(ctx context.Context) (*ConsentMode, error) {
	return enumSetting(ctx, &s.StageBase, "ConsentMode", parseConsentMode, func(x *upstream.StageSettings) *string { return x.Mode })
}

// ConsentExpireIn is the stage's consent_expire_in setting.
func (s *ConsentStage) ConsentExpireIn(ctx context.Context) (*string, error) {
	return setting(ctx, &s.StageBase, func(x *upstream.StageSettings) *string { return x.ConsentExpireIn })
}

// EmailStage is a stage of that type; its settings load on first use.
type EmailStage struct{ StageBase }

// IsStage marks EmailStage as a Stage.
func (*EmailStage) IsStage() {}

// UseGlobalSettings is the stage's use_global_settings setting.
func (s *EmailStage) UseGlobalSettings(ctx context.Context) (*bool, error) {
	return setting(ctx, &s.StageBase, func(x *upstream.StageSettings) *bool { return x.UseGlobalSettings })
}

// Host is the stage's host setting.
func (s *EmailStage) Host(ctx context.Context) (*string, error) {
	return setting(ctx, &s.StageBase, func(x *upstream.StageSettings) *string { return x.Host })
}

// Port is the stage's port setting.
func (s *EmailStage) Port(ctx context.Context) (*int, error) {
	return setting(ctx, &s.StageBase, func(x *upstream.StageSettings) *int { return x.Port })
}

// Username is the stage's username setting.
func (s *EmailStage) Username(ctx context.Context) (*string, error) {
	return setting(ctx, &s.StageBase, func(x *upstream.StageSettings) *string { return x.Username })
}

// UseTLS is the stage's use_tls setting.
func (s *EmailStage) UseTLS(ctx context.Context) (*bool, error) {
	return setting(ctx, &s.StageBase, func(x *upstream.StageSettings) *bool { return x.UseTLS })
}

// UseSSL is the stage's use_ssl setting.
func (s *EmailStage) UseSSL(ctx context.Context) (*bool, error) {
	return setting(ctx, &s.StageBase, func(x *upstream.StageSettings) *bool { return x.UseSSL })
}

// Timeout is the stage's timeout setting.
func (s *EmailStage) Timeout(ctx context.Context) (*int, error) {
	return setting(ctx, &s.StageBase, func(x *upstream.StageSettings) *int { return x.Timeout })
}

// FromAddress is the stage's from_address setting.
func (s *EmailStage) FromAddress(ctx context.Context) (*string, error) {
	return setting(ctx, &s.StageBase, func(x *upstream.StageSettings) *string { return x.FromAddress })
}

// TokenExpiry is the stage's token_expiry setting.
func (s *EmailStage) TokenExpiry(ctx context.Context) (*string, error) {
	return setting(ctx, &s.StageBase, func(x *upstream.StageSettings) *string { return x.TokenExpiry })
}

// Subject is the stage's subject setting.
func (s *EmailStage) Subject(ctx context.Context) (*string, error) {
	return setting(ctx, &s.StageBase, func(x *upstream.StageSettings) *string { return x.Subject })
}

// Template is the stage's template setting.
func (s *EmailStage) Template(ctx context.Context) (*string, error) {
	return setting(ctx, &s.StageBase, func(x *upstream.StageSettings) *string { return x.Template })
}

// ActivateUserOnSuccess is the stage's activate_user_on_success setting.
func (s *EmailStage) ActivateUserOnSuccess(ctx context.Context) (*bool, error) {
	return setting(ctx, &s.StageBase, func(x *upstream.StageSettings) *bool { return x.ActivateUserOnSuccess })
}

// RecoveryMaxAttempts is the stage's recovery_max_attempts setting.
func (s *EmailStage) RecoveryMaxAttempts(ctx context.Context) (*int, error) {
	return setting(ctx, &s.StageBase, func(x *upstream.StageSettings) *int { return x.RecoveryMaxAttempts })
}

// RecoveryCacheTimeout is the stage's recovery_cache_timeout setting.
func (s *EmailStage) RecoveryCacheTimeout(ctx context.Context) (*string, error) {
	return setting(ctx, &s.StageBase, func(x *upstream.StageSettings) *string { return x.RecoveryCacheTimeout })
}

// InvitationStage is a stage of that type; its settings load on first use.
type InvitationStage struct{ StageBase }

// IsStage marks InvitationStage as a Stage.
func (*InvitationStage) IsStage() {}

// ContinueFlowWithoutInvitation is the stage's continue_flow_without_invitation setting.
func (s *InvitationStage) ContinueFlowWithoutInvitation(ctx context.Context) (*bool, error) {
	return setting(ctx, &s.StageBase, func(x *upstream.StageSettings) *bool { return x.ContinueFlowWithoutInvitation })
}

// DenyStage is a stage of that type; its settings load on first use.
type DenyStage struct{ StageBase }

// IsStage marks DenyStage as a Stage.
func (*DenyStage) IsStage() {}

// DenyMessage is the stage's deny_message setting.
func (s *DenyStage) DenyMessage(ctx context.Context) (*string, error) {
	return setting(ctx, &s.StageBase, func(x *upstream.StageSettings) *string { return x.DenyMessage })
}

// DummyStage is a stage of that type; its settings load on first use.
type DummyStage struct{ StageBase }

// IsStage marks DummyStage as a Stage.
func (*DummyStage) IsStage() {}

// ThrowError is the stage's throw_error setting.
func (s *DummyStage) ThrowError(ctx context.Context) (*bool, error) {
	return setting(ctx, &s.StageBase, func(x *upstream.StageSettings) *bool { return x.ThrowError })
}

// RedirectStage is a stage of that type; its settings load on first use.
type RedirectStage struct{ StageBase }

// IsStage marks RedirectStage as a Stage.
func (*RedirectStage) IsStage() {}

// KeepContext is the stage's keep_context setting.
func (s *RedirectStage) KeepContext(ctx context.Context) (*bool, error) {
	return setting(ctx, &s.StageBase, func(x *upstream.StageSettings) *bool { return x.KeepContext })
}

// RedirectMode is the stage's mode setting.
func (s *RedirectStage) RedirectMode(ctx context.Context) (*RedirectMode, error) {
	return enumSetting(ctx, &s.StageBase, "RedirectMode", parseRedirectMode, func(x *upstream.StageSettings) *string { return x.Mode })
}

// TargetStatic is the stage's target_static setting.
func (s *RedirectStage) TargetStatic(ctx context.Context) (*string, error) {
	return setting(ctx, &s.StageBase, func(x *upstream.StageSettings) *string { return x.TargetStatic })
}

// TargetFlow is the stage's target_flow setting.
func (s *RedirectStage) TargetFlow(ctx context.Context) (*Flow, error) {
	return flowSetting(ctx, &s.StageBase, func(x *upstream.StageSettings) *string { return x.TargetFlow })
}

// CaptchaStage is a stage of that type; its settings load on first use.
type CaptchaStage struct{ StageBase }

// IsStage marks CaptchaStage as a Stage.
func (*CaptchaStage) IsStage() {}

// PublicKey is the stage's public_key setting.
func (s *CaptchaStage) PublicKey(ctx context.Context) (*string, error) {
	return setting(ctx, &s.StageBase, func(x *upstream.StageSettings) *string { return x.PublicKey })
}

// JSURL is the stage's js_url setting.
func (s *CaptchaStage) JSURL(ctx context.Context) (*string, error) {
	return setting(ctx, &s.StageBase, func(x *upstream.StageSettings) *string { return x.JSURL })
}

// APIURL is the stage's api_url setting.
func (s *CaptchaStage) APIURL(ctx context.Context) (*string, error) {
	return setting(ctx, &s.StageBase, func(x *upstream.StageSettings) *string { return x.APIURL })
}

// Interactive is the stage's interactive setting.
func (s *CaptchaStage) Interactive(ctx context.Context) (*bool, error) {
	return setting(ctx, &s.StageBase, func(x *upstream.StageSettings) *bool { return x.Interactive })
}

// ScoreMinThreshold is the stage's score_min_threshold setting.
func (s *CaptchaStage) ScoreMinThreshold(ctx context.Context) (*float64, error) {
	return setting(ctx, &s.StageBase, func(x *upstream.StageSettings) *float64 { return x.ScoreMinThreshold })
}

// ScoreMaxThreshold is the stage's score_max_threshold setting.
func (s *CaptchaStage) ScoreMaxThreshold(ctx context.Context) (*float64, error) {
	return setting(ctx, &s.StageBase, func(x *upstream.StageSettings) *float64 { return x.ScoreMaxThreshold })
}

// ErrorOnInvalidScore is the stage's error_on_invalid_score setting.
func (s *CaptchaStage) ErrorOnInvalidScore(ctx context.Context) (*bool, error) {
	return setting(ctx, &s.StageBase, func(x *upstream.StageSettings) *bool { return x.ErrorOnInvalidScore })
}

// AuthenticatorStaticStage is a stage of that type; its settings load on first use.
type AuthenticatorStaticStage struct{ StageBase }

// IsStage marks AuthenticatorStaticStage as a Stage.
func (*AuthenticatorStaticStage) IsStage() {}

// ConfigureFlow is the stage's configure_flow setting.
func (s *AuthenticatorStaticStage) ConfigureFlow(ctx context.Context) (*Flow, error) {
	return flowSetting(ctx, &s.StageBase, func(x *upstream.StageSettings) *string { return x.ConfigureFlow })
}

// FriendlyName is the stage's friendly_name setting.
func (s *AuthenticatorStaticStage) FriendlyName(ctx context.Context) (*string, error) {
	return setting(ctx, &s.StageBase, func(x *upstream.StageSettings) *string { return x.FriendlyName })
}

// TokenCount is the stage's token_count setting.
func (s *AuthenticatorStaticStage) TokenCount(ctx context.Context) (*int, error) {
	return setting(ctx, &s.StageBase, func(x *upstream.StageSettings) *int { return x.TokenCount })
}

// TokenLength is the stage's token_length setting.
func (s *AuthenticatorStaticStage) TokenLength(ctx context.Context) (*int, error) {
	return setting(ctx, &s.StageBase, func(x *upstream.StageSettings) *int { return x.TokenLength })
}

// AuthenticatorTotpStage is a stage of that type; its settings load on first use.
type AuthenticatorTotpStage struct{ StageBase }

// IsStage marks AuthenticatorTotpStage as a Stage.
func (*AuthenticatorTotpStage) IsStage() {}

// ConfigureFlow is the stage's configure_flow setting.
func (s *AuthenticatorTotpStage) ConfigureFlow(ctx context.Context) (*Flow, error) {
	return flowSetting(ctx, &s.StageBase, func(x *upstream.StageSettings) *string { return x.ConfigureFlow })
}

// FriendlyName is the stage's friendly_name setting.
func (s *AuthenticatorTotpStage) FriendlyName(ctx context.Context) (*string, error) {
	return setting(ctx, &s.StageBase, func(x *upstream.StageSettings) *string { return x.FriendlyName })
}

// Digits is the stage's digits setting.
func (s *AuthenticatorTotpStage) Digits(ctx context.Context) (*int, error) {
	return setting(ctx, &s.StageBase, func(x *upstream.StageSettings) *int {
		if x.Digits == nil {
			return nil
		}
		n := int(*x.Digits)
		return &n
	})
}

// AuthenticatorWebAuthnStage is a stage of that type; its settings load on first use.
type AuthenticatorWebAuthnStage struct{ StageBase }

// IsStage marks AuthenticatorWebAuthnStage as a Stage.
func (*AuthenticatorWebAuthnStage) IsStage() {}

// ConfigureFlow is the stage's configure_flow setting.
func (s *AuthenticatorWebAuthnStage) ConfigureFlow(ctx context.Context) (*Flow, error) {
	return flowSetting(ctx, &s.StageBase, func(x *upstream.StageSettings) *string { return x.ConfigureFlow })
}

// FriendlyName is the stage's friendly_name setting.
func (s *AuthenticatorWebAuthnStage) FriendlyName(ctx context.Context) (*string, error) {
	return setting(ctx, &s.StageBase, func(x *upstream.StageSettings) *string { return x.FriendlyName })
}

// UserVerification is the stage's user_verification setting.
func (s *AuthenticatorWebAuthnStage) UserVerification(ctx context.Context) (*UserVerification, error) {
	return enumSetting(ctx, &s.StageBase, "UserVerification", parseUserVerification, func(x *upstream.StageSettings) *string { return x.UserVerification })
}

// AuthenticatorAttachment is the stage's authenticator_attachment setting.
func (s *AuthenticatorWebAuthnStage) AuthenticatorAttachment(ctx context.Context) (*AuthenticatorAttachment, error) {
	return enumSetting(ctx, &s.StageBase, "AuthenticatorAttachment", parseAuthenticatorAttachment, func(x *upstream.StageSettings) *string { return x.AuthenticatorAttachment })
}

// ResidentKeyRequirement is the stage's resident_key_requirement setting.
func (s *AuthenticatorWebAuthnStage) ResidentKeyRequirement(ctx context.Context) (*UserVerification, error) {
	return enumSetting(ctx, &s.StageBase, "UserVerification", parseUserVerification, func(x *upstream.StageSettings) *string { return x.ResidentKeyRequirement })
}

// Hints is the stage's hints setting.
func (s *AuthenticatorWebAuthnStage) Hints(ctx context.Context) ([]WebAuthnHint, error) {
	return enumListSetting(ctx, &s.StageBase, "WebAuthnHint", parseWebAuthnHint, func(x *upstream.StageSettings) []string { return x.Hints })
}

// DeviceTypeRestrictionPKs is the stage's device_type_restrictions setting.
func (s *AuthenticatorWebAuthnStage) DeviceTypeRestrictionPKs(ctx context.Context) ([]string, error) {
	return setting(ctx, &s.StageBase, func(x *upstream.StageSettings) []string { return x.DeviceTypeRestrictions })
}

// PreventDuplicateDevices is the stage's prevent_duplicate_devices setting.
func (s *AuthenticatorWebAuthnStage) PreventDuplicateDevices(ctx context.Context) (*bool, error) {
	return setting(ctx, &s.StageBase, func(x *upstream.StageSettings) *bool { return x.PreventDuplicateDevices })
}

// MaxAttempts is the stage's max_attempts setting.
func (s *AuthenticatorWebAuthnStage) MaxAttempts(ctx context.Context) (*int, error) {
	return setting(ctx, &s.StageBase, func(x *upstream.StageSettings) *int { return x.MaxAttempts })
}

// GenericStage is a stage of that type; its settings load on first use.
type GenericStage struct{ StageBase }

// IsStage marks GenericStage as a Stage.
func (*GenericStage) IsStage() {}

// typedStage wraps a base in the type its component names.
func typedStage(component string, b StageBase) Stage {
	switch component {
	case "ak-stage-identification-form":
		return &IdentificationStage{b}
	case "ak-stage-password-form":
		return &PasswordStage{b}
	case "ak-stage-authenticator-validate-form":
		return &AuthenticatorValidateStage{b}
	case "ak-stage-user-login-form":
		return &UserLoginStage{b}
	case "ak-stage-user-logout-form":
		return &UserLogoutStage{b}
	case "ak-stage-user-write-form":
		return &UserWriteStage{b}
	case "ak-stage-user-delete-form":
		return &UserDeleteStage{b}
	case "ak-stage-prompt-form":
		return &PromptStage{b}
	case "ak-stage-consent-form":
		return &ConsentStage{b}
	case "ak-stage-email-form":
		return &EmailStage{b}
	case "ak-stage-invitation-form":
		return &InvitationStage{b}
	case "ak-stage-deny-form":
		return &DenyStage{b}
	case "ak-stage-dummy-form":
		return &DummyStage{b}
	case "ak-stage-redirect-form":
		return &RedirectStage{b}
	case "ak-stage-captcha-form":
		return &CaptchaStage{b}
	case "ak-stage-authenticator-static-form":
		return &AuthenticatorStaticStage{b}
	case "ak-stage-authenticator-totp-form":
		return &AuthenticatorTotpStage{b}
	case "ak-stage-authenticator-webauthn-form":
		return &AuthenticatorWebAuthnStage{b}
	}
	return &GenericStage{b}
}
