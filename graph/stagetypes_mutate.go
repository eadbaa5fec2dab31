package graph

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"flowgate/graph/model"
	"flowgate/upstream"
)

// Typed stage mutations (issue 12): PATCH the type's endpoint with the
// fields the input gives, in authentik's names. Errors have the one field
// shape of every mutation: keys are the input's paths.

// stageBody collects a typed stage's PATCH body and the input's errors.
type stageBody struct {
	e    fieldErrors
	body map[string]any
	// rename maps authentik's field names to the input's paths where
	// camel-casing does not give them (references end in Pk).
	rename map[string]string
}

func newStageBody() *stageBody {
	return &stageBody{body: map[string]any{}, rename: map[string]string{}}
}

func (b *stageBody) name(s *string) {
	if s == nil {
		return
	}
	b.e.text(inputPrefix+"name", s)
	b.body["name"] = strings.TrimSpace(*s)
}

func (b *stageBody) set(key string, v any, present bool) {
	if present {
		b.body[key] = v
	}
}

// ref sets a uuid reference; field is the input's name for it.
func (b *stageBody) ref(key, field string, pk *string) {
	b.rename[key] = inputPrefix + field
	if pk == nil {
		return
	}
	if v := b.e.uuid(inputPrefix+field, pk); v != nil {
		b.body[key] = *v
	}
}

// refs sets a list of uuid references (nil: not given).
func (b *stageBody) refs(key, field string, pks []string) {
	b.rename[key] = inputPrefix + field
	if pks == nil {
		return
	}
	out := make([]string, 0, len(pks))
	for i := range pks {
		if v := b.e.uuid(fmt.Sprintf("%s%s.%d", inputPrefix, field, i), &pks[i]); v != nil {
			out = append(out, *v)
		}
	}
	b.body[key] = out
}

// clear unsets a reference; giving it and clearing it is refused.
func (b *stageBody) clear(key, field string) {
	if _, ok := b.body[key]; ok {
		b.e.add(inputPrefix+field, "Give a value or clear it, not both.")
		return
	}
	b.body[key] = nil
}

func enumList[T ~string](vs []T, conv func(T) string) []string {
	if vs == nil {
		return nil
	}
	out := make([]string, len(vs))
	for i, v := range vs {
		out[i] = conv(v)
	}
	return out
}

// updateTypedStage checks pk and the body, lets prepare complete the body
// from the stage's current settings (it may read them), PATCHes, and
// returns the stage as authentik answered, its settings primed.
func (r *mutationResolver) updateTypedStage(ctx context.Context, component, pk string, b *stageBody,
	prepare func(cur func() (*upstream.StageSettings, error)) error,
) (model.Stage, error) {
	id := b.e.uuid("pk", &pk)
	if err := b.e.err(); err != nil {
		return nil, err
	}
	kind, _ := upstream.KindOf(component)
	if prepare != nil {
		cur := func() (*upstream.StageSettings, error) { return r.Upstream.GetTypedStage(ctx, kind.Endpoint, *id) }
		if err := prepare(cur); err != nil {
			return nil, err
		}
	}
	st, set, err := r.Upstream.PatchTypedStage(ctx, kind.Endpoint, *id, b.body)
	l := afterWrite(ctx)
	if err != nil {
		var ue *upstream.Error
		if errors.As(err, &ue) && ue.StatusCode == http.StatusBadRequest {
			return nil, &InputError{Err: ue, Prefix: inputPrefix, Rename: b.rename}
		}
		return nil, err
	}
	if st.Component != component {
		return nil, fmt.Errorf("%w: PATCH %s answered a stage of component %q", upstream.ErrBadResponse, kind.Endpoint, truncateRunes(st.Component, 64))
	}
	l.PrimeStage(ctx, st)
	l.Settings(kind.Endpoint).Prime(ctx, strings.ToLower(st.PK), set)
	return model.StageFromUpstream(st), nil
}

func typed[T model.Stage](s model.Stage, err error) (T, error) {
	var zero T
	if err != nil {
		return zero, err
	}
	t, ok := s.(T)
	if !ok {
		return zero, fmt.Errorf("%w: unexpected stage type %T", upstream.ErrBadResponse, s)
	}
	return t, nil
}

func identificationBody(in model.UpdateIdentificationStageInput) *stageBody {
	b := newStageBody()
	b.name(in.Name)
	b.set("user_fields", enumList(in.UserFields, model.EnumToUpstream[model.IdentificationUserField]), in.UserFields != nil)
	b.set("case_insensitive_matching", in.CaseInsensitiveMatching, in.CaseInsensitiveMatching != nil)
	b.set("show_matched_user", in.ShowMatchedUser, in.ShowMatchedUser != nil)
	b.ref("enrollment_flow", "enrollmentFlowPk", in.EnrollmentFlowPK)
	b.ref("recovery_flow", "recoveryFlowPk", in.RecoveryFlowPK)
	b.ref("passwordless_flow", "passwordlessFlowPk", in.PasswordlessFlowPK)
	b.ref("password_stage", "passwordStagePk", in.PasswordStagePK)
	b.ref("captcha_stage", "captchaStagePk", in.CaptchaStagePK)
	b.ref("webauthn_stage", "webauthnStagePk", in.WebauthnStagePK)
	b.refs("sources", "sourcePks", in.SourcePks)
	b.set("show_source_labels", in.ShowSourceLabels, in.ShowSourceLabels != nil)
	b.set("pretend_user_exists", in.PretendUserExists, in.PretendUserExists != nil)
	b.set("enable_remember_me", in.EnableRememberMe, in.EnableRememberMe != nil)
	for _, c := range in.Clear {
		key := strings.ToLower(string(c))
		b.clear(key, "clear")
	}
	return b
}

func passwordBody(in model.UpdatePasswordStageInput) *stageBody {
	b := newStageBody()
	b.name(in.Name)
	if in.Backends != nil && len(in.Backends) == 0 {
		b.e.add(inputPrefix+"backends", "This list may not be empty.")
	}
	b.set("backends", enumList(in.Backends, model.PasswordBackendToUpstream), in.Backends != nil)
	b.ref("configure_flow", "configureFlowPk", in.ConfigureFlowPK)
	if in.ClearConfigureFlow != nil && *in.ClearConfigureFlow {
		b.clear("configure_flow", "clearConfigureFlow")
	}
	if in.FailedAttemptsBeforeCancel != nil {
		b.e.order(inputPrefix+"failedAttemptsBeforeCancel", in.FailedAttemptsBeforeCancel)
		b.body["failed_attempts_before_cancel"] = *in.FailedAttemptsBeforeCancel
	}
	b.set("allow_show_password", in.AllowShowPassword, in.AllowShowPassword != nil)
	return b
}

func promptBody(in model.UpdatePromptStageInput) *stageBody {
	b := newStageBody()
	b.name(in.Name)
	b.refs("fields", "fieldPks", in.FieldPks)
	b.refs("validation_policies", "validationPolicyPks", in.ValidationPolicyPks)
	return b
}

func authenticatorValidateBody(in model.UpdateAuthenticatorValidateStageInput) *stageBody {
	b := newStageBody()
	b.name(in.Name)
	if in.NotConfiguredAction != nil {
		b.body["not_configured_action"] = model.EnumToUpstream(*in.NotConfiguredAction)
	}
	b.set("device_classes", enumList(in.DeviceClasses, model.EnumToUpstream[model.DeviceClass]), in.DeviceClasses != nil)
	b.refs("configuration_stages", "configurationStagePks", in.ConfigurationStagePks)
	if in.LastAuthThreshold != nil {
		if strings.ContainsRune(*in.LastAuthThreshold, 0) {
			b.e.add(inputPrefix+"lastAuthThreshold", msgNullChars)
		}
		b.body["last_auth_threshold"] = *in.LastAuthThreshold
	}
	if in.WebauthnUserVerification != nil {
		b.body["webauthn_user_verification"] = model.EnumToUpstream(*in.WebauthnUserVerification)
	}
	b.set("webauthn_hints", enumList(in.WebauthnHints, model.DashedToUpstream[model.WebAuthnHint]), in.WebauthnHints != nil)
	return b
}
