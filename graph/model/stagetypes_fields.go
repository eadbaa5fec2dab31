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

func (s *IdentificationStage) UserFields(ctx context.Context) ([]IdentificationUserField, error) {
	return enumListSetting(ctx, &s.StageBase, "IdentificationUserField", parseIdentificationUserField, func(x *upstream.StageSettings) []string { return x.UserFields })
}

func (s *IdentificationStage) CaseInsensitiveMatching(ctx context.Context) (*bool, error) {
	return setting(ctx, &s.StageBase, func(x *upstream.StageSettings) *bool { return x.CaseInsensitiveMatching })
}

func (s *IdentificationStage) ShowMatchedUser(ctx context.Context) (*bool, error) {
	return setting(ctx, &s.StageBase, func(x *upstream.StageSettings) *bool { return x.ShowMatchedUser })
}

func (s *IdentificationStage) EnrollmentFlow(ctx context.Context) (*Flow, error) {
	return flowSetting(ctx, &s.StageBase, func(x *upstream.StageSettings) *string { return x.EnrollmentFlow })
}

func (s *IdentificationStage) RecoveryFlow(ctx context.Context) (*Flow, error) {
	return flowSetting(ctx, &s.StageBase, func(x *upstream.StageSettings) *string { return x.RecoveryFlow })
}

func (s *IdentificationStage) PasswordlessFlow(ctx context.Context) (*Flow, error) {
	return flowSetting(ctx, &s.StageBase, func(x *upstream.StageSettings) *string { return x.PasswordlessFlow })
}

func (s *IdentificationStage) PasswordStage(ctx context.Context) (Stage, error) {
	return stageSetting(ctx, &s.StageBase, func(x *upstream.StageSettings) *string { return x.PasswordStage })
}

func (s *IdentificationStage) CaptchaStage(ctx context.Context) (Stage, error) {
	return stageSetting(ctx, &s.StageBase, func(x *upstream.StageSettings) *string { return x.CaptchaStage })
}

func (s *IdentificationStage) WebauthnStage(ctx context.Context) (Stage, error) {
	return stageSetting(ctx, &s.StageBase, func(x *upstream.StageSettings) *string { return x.WebauthnStage })
}

func (s *IdentificationStage) SourcePKs(ctx context.Context) ([]string, error) {
	return setting(ctx, &s.StageBase, func(x *upstream.StageSettings) []string { return x.Sources })
}

func (s *IdentificationStage) ShowSourceLabels(ctx context.Context) (*bool, error) {
	return setting(ctx, &s.StageBase, func(x *upstream.StageSettings) *bool { return x.ShowSourceLabels })
}

func (s *IdentificationStage) PretendUserExists(ctx context.Context) (*bool, error) {
	return setting(ctx, &s.StageBase, func(x *upstream.StageSettings) *bool { return x.PretendUserExists })
}

func (s *IdentificationStage) EnableRememberMe(ctx context.Context) (*bool, error) {
	return setting(ctx, &s.StageBase, func(x *upstream.StageSettings) *bool { return x.EnableRememberMe })
}

// PasswordStage is a stage of that type; its settings load on first use.
type PasswordStage struct{ StageBase }

// IsStage marks PasswordStage as a Stage.
func (*PasswordStage) IsStage() {}

func (s *PasswordStage) Backends(ctx context.Context) ([]PasswordBackend, error) {
	return enumListSetting(ctx, &s.StageBase, "PasswordBackend", parsePasswordBackend, func(x *upstream.StageSettings) []string { return x.Backends })
}

func (s *PasswordStage) ConfigureFlow(ctx context.Context) (*Flow, error) {
	return flowSetting(ctx, &s.StageBase, func(x *upstream.StageSettings) *string { return x.ConfigureFlow })
}

func (s *PasswordStage) FailedAttemptsBeforeCancel(ctx context.Context) (*int, error) {
	return setting(ctx, &s.StageBase, func(x *upstream.StageSettings) *int { return x.FailedAttemptsBeforeCancel })
}

func (s *PasswordStage) AllowShowPassword(ctx context.Context) (*bool, error) {
	return setting(ctx, &s.StageBase, func(x *upstream.StageSettings) *bool { return x.AllowShowPassword })
}

// AuthenticatorValidateStage is a stage of that type; its settings load on first use.
type AuthenticatorValidateStage struct{ StageBase }

// IsStage marks AuthenticatorValidateStage as a Stage.
func (*AuthenticatorValidateStage) IsStage() {}

func (s *AuthenticatorValidateStage) NotConfiguredAction(ctx context.Context) (*NotConfiguredAction, error) {
	return enumSetting(ctx, &s.StageBase, "NotConfiguredAction", parseNotConfiguredAction, func(x *upstream.StageSettings) *string { return x.NotConfiguredAction })
}

func (s *AuthenticatorValidateStage) DeviceClasses(ctx context.Context) ([]DeviceClass, error) {
	return enumListSetting(ctx, &s.StageBase, "DeviceClass", parseDeviceClass, func(x *upstream.StageSettings) []string { return x.DeviceClasses })
}

func (s *AuthenticatorValidateStage) ConfigurationStages(ctx context.Context) ([]Stage, error) {
	return stagesSetting(ctx, &s.StageBase, func(x *upstream.StageSettings) []string { return x.ConfigurationStages })
}

func (s *AuthenticatorValidateStage) LastAuthThreshold(ctx context.Context) (*string, error) {
	return setting(ctx, &s.StageBase, func(x *upstream.StageSettings) *string { return x.LastAuthThreshold })
}

func (s *AuthenticatorValidateStage) WebauthnUserVerification(ctx context.Context) (*UserVerification, error) {
	return enumSetting(ctx, &s.StageBase, "UserVerification", parseUserVerification, func(x *upstream.StageSettings) *string { return x.WebauthnUserVerification })
}

func (s *AuthenticatorValidateStage) WebauthnHints(ctx context.Context) ([]WebAuthnHint, error) {
	return enumListSetting(ctx, &s.StageBase, "WebAuthnHint", parseWebAuthnHint, func(x *upstream.StageSettings) []string { return x.WebauthnHints })
}

func (s *AuthenticatorValidateStage) WebauthnAllowedDeviceTypePKs(ctx context.Context) ([]string, error) {
	return setting(ctx, &s.StageBase, func(x *upstream.StageSettings) []string { return x.WebauthnAllowedDeviceTypes })
}

// UserLoginStage is a stage of that type; its settings load on first use.
type UserLoginStage struct{ StageBase }

// IsStage marks UserLoginStage as a Stage.
func (*UserLoginStage) IsStage() {}

func (s *UserLoginStage) SessionDuration(ctx context.Context) (*string, error) {
	return setting(ctx, &s.StageBase, func(x *upstream.StageSettings) *string { return x.SessionDuration })
}

func (s *UserLoginStage) TerminateOtherSessions(ctx context.Context) (*bool, error) {
	return setting(ctx, &s.StageBase, func(x *upstream.StageSettings) *bool { return x.TerminateOtherSessions })
}

func (s *UserLoginStage) RememberMeOffset(ctx context.Context) (*string, error) {
	return setting(ctx, &s.StageBase, func(x *upstream.StageSettings) *string { return x.RememberMeOffset })
}

func (s *UserLoginStage) NetworkBinding(ctx context.Context) (*NetworkBinding, error) {
	return enumSetting(ctx, &s.StageBase, "NetworkBinding", parseNetworkBinding, func(x *upstream.StageSettings) *string { return x.NetworkBinding })
}

func (s *UserLoginStage) GeoipBinding(ctx context.Context) (*GeoipBinding, error) {
	return enumSetting(ctx, &s.StageBase, "GeoipBinding", parseGeoipBinding, func(x *upstream.StageSettings) *string { return x.GeoipBinding })
}

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

func (s *UserWriteStage) UserCreationMode(ctx context.Context) (*UserCreationMode, error) {
	return enumSetting(ctx, &s.StageBase, "UserCreationMode", parseUserCreationMode, func(x *upstream.StageSettings) *string { return x.UserCreationMode })
}

func (s *UserWriteStage) CreateUsersAsInactive(ctx context.Context) (*bool, error) {
	return setting(ctx, &s.StageBase, func(x *upstream.StageSettings) *bool { return x.CreateUsersAsInactive })
}

func (s *UserWriteStage) CreateUsersGroupPK(ctx context.Context) (*string, error) {
	return setting(ctx, &s.StageBase, func(x *upstream.StageSettings) *string { return x.CreateUsersGroup })
}

func (s *UserWriteStage) UserType(ctx context.Context) (*UserType, error) {
	return enumSetting(ctx, &s.StageBase, "UserType", parseUserType, func(x *upstream.StageSettings) *string { return x.UserType })
}

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

func (s *PromptStage) ValidationPolicyPKs(ctx context.Context) ([]string, error) {
	return setting(ctx, &s.StageBase, func(x *upstream.StageSettings) []string { return x.ValidationPolicies })
}

// ConsentStage is a stage of that type; its settings load on first use.
type ConsentStage struct{ StageBase }

// IsStage marks ConsentStage as a Stage.
func (*ConsentStage) IsStage() {}

func (s *ConsentStage) ConsentMode(ctx context.Context) (*ConsentMode, error) {
	return enumSetting(ctx, &s.StageBase, "ConsentMode", parseConsentMode, func(x *upstream.StageSettings) *string { return x.Mode })
}

func (s *ConsentStage) ConsentExpireIn(ctx context.Context) (*string, error) {
	return setting(ctx, &s.StageBase, func(x *upstream.StageSettings) *string { return x.ConsentExpireIn })
}

// EmailStage is a stage of that type; its settings load on first use.
type EmailStage struct{ StageBase }

// IsStage marks EmailStage as a Stage.
func (*EmailStage) IsStage() {}

func (s *EmailStage) UseGlobalSettings(ctx context.Context) (*bool, error) {
	return setting(ctx, &s.StageBase, func(x *upstream.StageSettings) *bool { return x.UseGlobalSettings })
}

func (s *EmailStage) Host(ctx context.Context) (*string, error) {
	return setting(ctx, &s.StageBase, func(x *upstream.StageSettings) *string { return x.Host })
}

func (s *EmailStage) Port(ctx context.Context) (*int, error) {
	return setting(ctx, &s.StageBase, func(x *upstream.StageSettings) *int { return x.Port })
}

func (s *EmailStage) Username(ctx context.Context) (*string, error) {
	return setting(ctx, &s.StageBase, func(x *upstream.StageSettings) *string { return x.Username })
}

func (s *EmailStage) UseTLS(ctx context.Context) (*bool, error) {
	return setting(ctx, &s.StageBase, func(x *upstream.StageSettings) *bool { return x.UseTLS })
}

func (s *EmailStage) UseSSL(ctx context.Context) (*bool, error) {
	return setting(ctx, &s.StageBase, func(x *upstream.StageSettings) *bool { return x.UseSSL })
}

func (s *EmailStage) Timeout(ctx context.Context) (*int, error) {
	return setting(ctx, &s.StageBase, func(x *upstream.StageSettings) *int { return x.Timeout })
}

func (s *EmailStage) FromAddress(ctx context.Context) (*string, error) {
	return setting(ctx, &s.StageBase, func(x *upstream.StageSettings) *string { return x.FromAddress })
}

func (s *EmailStage) TokenExpiry(ctx context.Context) (*string, error) {
	return setting(ctx, &s.StageBase, func(x *upstream.StageSettings) *string { return x.TokenExpiry })
}

func (s *EmailStage) Subject(ctx context.Context) (*string, error) {
	return setting(ctx, &s.StageBase, func(x *upstream.StageSettings) *string { return x.Subject })
}

func (s *EmailStage) Template(ctx context.Context) (*string, error) {
	return setting(ctx, &s.StageBase, func(x *upstream.StageSettings) *string { return x.Template })
}

func (s *EmailStage) ActivateUserOnSuccess(ctx context.Context) (*bool, error) {
	return setting(ctx, &s.StageBase, func(x *upstream.StageSettings) *bool { return x.ActivateUserOnSuccess })
}

func (s *EmailStage) RecoveryMaxAttempts(ctx context.Context) (*int, error) {
	return setting(ctx, &s.StageBase, func(x *upstream.StageSettings) *int { return x.RecoveryMaxAttempts })
}

func (s *EmailStage) RecoveryCacheTimeout(ctx context.Context) (*string, error) {
	return setting(ctx, &s.StageBase, func(x *upstream.StageSettings) *string { return x.RecoveryCacheTimeout })
}

// InvitationStage is a stage of that type; its settings load on first use.
type InvitationStage struct{ StageBase }

// IsStage marks InvitationStage as a Stage.
func (*InvitationStage) IsStage() {}

func (s *InvitationStage) ContinueFlowWithoutInvitation(ctx context.Context) (*bool, error) {
	return setting(ctx, &s.StageBase, func(x *upstream.StageSettings) *bool { return x.ContinueFlowWithoutInvitation })
}

// DenyStage is a stage of that type; its settings load on first use.
type DenyStage struct{ StageBase }

// IsStage marks DenyStage as a Stage.
func (*DenyStage) IsStage() {}

func (s *DenyStage) DenyMessage(ctx context.Context) (*string, error) {
	return setting(ctx, &s.StageBase, func(x *upstream.StageSettings) *string { return x.DenyMessage })
}

// DummyStage is a stage of that type; its settings load on first use.
type DummyStage struct{ StageBase }

// IsStage marks DummyStage as a Stage.
func (*DummyStage) IsStage() {}

func (s *DummyStage) ThrowError(ctx context.Context) (*bool, error) {
	return setting(ctx, &s.StageBase, func(x *upstream.StageSettings) *bool { return x.ThrowError })
}

// RedirectStage is a stage of that type; its settings load on first use.
type RedirectStage struct{ StageBase }

// IsStage marks RedirectStage as a Stage.
func (*RedirectStage) IsStage() {}

func (s *RedirectStage) KeepContext(ctx context.Context) (*bool, error) {
	return setting(ctx, &s.StageBase, func(x *upstream.StageSettings) *bool { return x.KeepContext })
}

func (s *RedirectStage) RedirectMode(ctx context.Context) (*RedirectMode, error) {
	return enumSetting(ctx, &s.StageBase, "RedirectMode", parseRedirectMode, func(x *upstream.StageSettings) *string { return x.Mode })
}

func (s *RedirectStage) TargetStatic(ctx context.Context) (*string, error) {
	return setting(ctx, &s.StageBase, func(x *upstream.StageSettings) *string { return x.TargetStatic })
}

func (s *RedirectStage) TargetFlow(ctx context.Context) (*Flow, error) {
	return flowSetting(ctx, &s.StageBase, func(x *upstream.StageSettings) *string { return x.TargetFlow })
}

// CaptchaStage is a stage of that type; its settings load on first use.
type CaptchaStage struct{ StageBase }

// IsStage marks CaptchaStage as a Stage.
func (*CaptchaStage) IsStage() {}

func (s *CaptchaStage) PublicKey(ctx context.Context) (*string, error) {
	return setting(ctx, &s.StageBase, func(x *upstream.StageSettings) *string { return x.PublicKey })
}

func (s *CaptchaStage) JSURL(ctx context.Context) (*string, error) {
	return setting(ctx, &s.StageBase, func(x *upstream.StageSettings) *string { return x.JSURL })
}

func (s *CaptchaStage) APIURL(ctx context.Context) (*string, error) {
	return setting(ctx, &s.StageBase, func(x *upstream.StageSettings) *string { return x.APIURL })
}

func (s *CaptchaStage) Interactive(ctx context.Context) (*bool, error) {
	return setting(ctx, &s.StageBase, func(x *upstream.StageSettings) *bool { return x.Interactive })
}

func (s *CaptchaStage) ScoreMinThreshold(ctx context.Context) (*float64, error) {
	return setting(ctx, &s.StageBase, func(x *upstream.StageSettings) *float64 { return x.ScoreMinThreshold })
}

func (s *CaptchaStage) ScoreMaxThreshold(ctx context.Context) (*float64, error) {
	return setting(ctx, &s.StageBase, func(x *upstream.StageSettings) *float64 { return x.ScoreMaxThreshold })
}

func (s *CaptchaStage) ErrorOnInvalidScore(ctx context.Context) (*bool, error) {
	return setting(ctx, &s.StageBase, func(x *upstream.StageSettings) *bool { return x.ErrorOnInvalidScore })
}

// AuthenticatorStaticStage is a stage of that type; its settings load on first use.
type AuthenticatorStaticStage struct{ StageBase }

// IsStage marks AuthenticatorStaticStage as a Stage.
func (*AuthenticatorStaticStage) IsStage() {}

func (s *AuthenticatorStaticStage) ConfigureFlow(ctx context.Context) (*Flow, error) {
	return flowSetting(ctx, &s.StageBase, func(x *upstream.StageSettings) *string { return x.ConfigureFlow })
}

func (s *AuthenticatorStaticStage) FriendlyName(ctx context.Context) (*string, error) {
	return setting(ctx, &s.StageBase, func(x *upstream.StageSettings) *string { return x.FriendlyName })
}

func (s *AuthenticatorStaticStage) TokenCount(ctx context.Context) (*int, error) {
	return setting(ctx, &s.StageBase, func(x *upstream.StageSettings) *int { return x.TokenCount })
}

func (s *AuthenticatorStaticStage) TokenLength(ctx context.Context) (*int, error) {
	return setting(ctx, &s.StageBase, func(x *upstream.StageSettings) *int { return x.TokenLength })
}

// AuthenticatorTotpStage is a stage of that type; its settings load on first use.
type AuthenticatorTotpStage struct{ StageBase }

// IsStage marks AuthenticatorTotpStage as a Stage.
func (*AuthenticatorTotpStage) IsStage() {}

func (s *AuthenticatorTotpStage) ConfigureFlow(ctx context.Context) (*Flow, error) {
	return flowSetting(ctx, &s.StageBase, func(x *upstream.StageSettings) *string { return x.ConfigureFlow })
}

func (s *AuthenticatorTotpStage) FriendlyName(ctx context.Context) (*string, error) {
	return setting(ctx, &s.StageBase, func(x *upstream.StageSettings) *string { return x.FriendlyName })
}

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

func (s *AuthenticatorWebAuthnStage) ConfigureFlow(ctx context.Context) (*Flow, error) {
	return flowSetting(ctx, &s.StageBase, func(x *upstream.StageSettings) *string { return x.ConfigureFlow })
}

func (s *AuthenticatorWebAuthnStage) FriendlyName(ctx context.Context) (*string, error) {
	return setting(ctx, &s.StageBase, func(x *upstream.StageSettings) *string { return x.FriendlyName })
}

func (s *AuthenticatorWebAuthnStage) UserVerification(ctx context.Context) (*UserVerification, error) {
	return enumSetting(ctx, &s.StageBase, "UserVerification", parseUserVerification, func(x *upstream.StageSettings) *string { return x.UserVerification })
}

func (s *AuthenticatorWebAuthnStage) AuthenticatorAttachment(ctx context.Context) (*AuthenticatorAttachment, error) {
	return enumSetting(ctx, &s.StageBase, "AuthenticatorAttachment", parseAuthenticatorAttachment, func(x *upstream.StageSettings) *string { return x.AuthenticatorAttachment })
}

func (s *AuthenticatorWebAuthnStage) ResidentKeyRequirement(ctx context.Context) (*UserVerification, error) {
	return enumSetting(ctx, &s.StageBase, "UserVerification", parseUserVerification, func(x *upstream.StageSettings) *string { return x.ResidentKeyRequirement })
}

func (s *AuthenticatorWebAuthnStage) Hints(ctx context.Context) ([]WebAuthnHint, error) {
	return enumListSetting(ctx, &s.StageBase, "WebAuthnHint", parseWebAuthnHint, func(x *upstream.StageSettings) []string { return x.Hints })
}

func (s *AuthenticatorWebAuthnStage) DeviceTypeRestrictionPKs(ctx context.Context) ([]string, error) {
	return setting(ctx, &s.StageBase, func(x *upstream.StageSettings) []string { return x.DeviceTypeRestrictions })
}

func (s *AuthenticatorWebAuthnStage) PreventDuplicateDevices(ctx context.Context) (*bool, error) {
	return setting(ctx, &s.StageBase, func(x *upstream.StageSettings) *bool { return x.PreventDuplicateDevices })
}

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
