package upstreamtest

import "strings"

// Seeded API tokens.
const (
	// AdminToken belongs to a superuser: sees and edits everything.
	AdminToken = "demo-admin-token"
	// ReadOnlyToken has the global view permissions (flows, bindings,
	// stages, policies, flow cache) plus export_flow, and no write permission.
	ReadOnlyToken = "demo-readonly-token"
	// LimitedToken has no global view permission; it holds object-level view
	// permissions on the flows LimitedFlowSlugs, on the bindings targeting
	// them and on the stages bound to them (as of seeding). No write
	// permission.
	LimitedToken = "demo-limited-token"
)

// LimitedFlowSlugs are the flows LimitedToken may view.
var LimitedFlowSlugs = []string{"default-authentication-flow", "default-invalidation-flow", "default-user-settings-flow"}

// Permission codenames (app label authentik_flows unless noted). Permissions
// may be given with or without the "authentik_flows." prefix.
const (
	PermViewFlow         = "view_flow"
	PermAddFlow          = "add_flow"
	PermChangeFlow       = "change_flow"
	PermDeleteFlow       = "delete_flow"
	PermExportFlow       = "export_flow"
	PermViewFlowCache    = "view_flow_cache"
	PermClearFlowCache   = "clear_flow_cache" // alias "clear_cache"; cache_clear also needs add_flow
	PermViewBinding      = "view_flowstagebinding"
	PermAddBinding       = "add_flowstagebinding"
	PermChangeBinding    = "change_flowstagebinding"
	PermDeleteBinding    = "delete_flowstagebinding"
	PermViewStage        = "view_stage"
	PermDeleteStage      = "delete_stage"
	PermViewPolicy       = "view_policy"        // authentik_policies
	PermViewPolicyBind   = "view_policybinding" // authentik_policies
	PermViewPrompt       = "view_prompt"        // authentik_stages_prompt
	permViewTypedStages  = "view_typed_stages"  // internal: view_<model> of every stage subclass
	authentikFlowsPrefix = "authentik_flows."
)

var viewAllPerms = []string{
	PermViewFlow, PermViewFlowCache, PermViewBinding, PermViewStage,
	PermViewPolicy, PermViewPolicyBind, PermViewPrompt, permViewTypedStages,
}

// Permissions describes a principal added with AddToken.
//
// Write permissions are global model permissions only (authentik also has
// object-level write permissions; the fake does not model them). Note that,
// as in authentik, writing an object through a detail route also needs a
// view permission on it: without any, the object is invisible (404) or the
// request is refused (403).
type Permissions struct {
	// Superuser grants everything.
	Superuser bool
	// ViewAll grants the global view permissions on flows, bindings,
	// stages, policies, policy bindings, prompts and the flow cache.
	ViewAll bool
	// Global lists further global permission codenames, e.g. PermAddBinding,
	// PermChangeBinding, PermClearFlowCache, PermExportFlow.
	Global []string
	// VisibleFlowSlugs grants object-level view permissions on these flows,
	// on the bindings targeting them and on the stages bound to them, as of
	// the AddToken call (later objects are not covered, as in authentik).
	VisibleFlowSlugs []string
}

type principal struct {
	superuser bool
	perms     map[string]bool
	objView   map[string]map[string]bool // model -> pk -> true
}

func (p *principal) has(perm string) bool {
	if p.superuser {
		return true
	}
	return p.perms[perm]
}

func (p *principal) canView(model, pk string) bool {
	if p.has("view_" + model) {
		return true
	}
	return p.objView[model][pk]
}

// newPrincipalLocked builds a principal; caller holds f.mu.
func (f *Fake) newPrincipalLocked(p Permissions) *principal {
	pr := &principal{superuser: p.Superuser, perms: map[string]bool{}, objView: map[string]map[string]bool{
		"flow": {}, "flowstagebinding": {}, "stage": {},
	}}
	if p.ViewAll {
		for _, perm := range viewAllPerms {
			pr.perms[perm] = true
		}
	}
	for _, perm := range p.Global {
		perm = strings.TrimPrefix(perm, authentikFlowsPrefix)
		if perm == "clear_cache" {
			perm = PermClearFlowCache
		}
		pr.perms[perm] = true
	}
	for _, slug := range p.VisibleFlowSlugs {
		fl := f.flowBySlugLocked(slug)
		if fl == nil {
			continue
		}
		pr.objView["flow"][fl.PK] = true
		for _, b := range f.bindings {
			if b.Target == fl.PK {
				pr.objView["flowstagebinding"][b.PK] = true
				pr.objView["stage"][b.Stage] = true
			}
		}
	}
	return pr
}

// AddToken registers (or replaces) an API token with the given permissions.
func (f *Fake) AddToken(token string, p Permissions) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.tokens[token] = f.newPrincipalLocked(p)
}

// RemoveToken deletes an API token; later requests using it get 403
// "Token invalid/expired".
func (f *Fake) RemoveToken(token string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	delete(f.tokens, token)
}

func (f *Fake) seedTokens() {
	f.tokens[AdminToken] = f.newPrincipalLocked(Permissions{Superuser: true})
	f.tokens[ReadOnlyToken] = f.newPrincipalLocked(Permissions{ViewAll: true, Global: []string{PermExportFlow}})
	f.tokens[LimitedToken] = f.newPrincipalLocked(Permissions{VisibleFlowSlugs: LimitedFlowSlugs})
}

// bearerKey mirrors authentik's validate_auth: the header is stripped, must
// contain a space, and the scheme is compared case-insensitively. It
// returns ok=false when the header does not carry a bearer token at all.
func bearerKey(header string) (key string, ok bool) {
	h := strings.TrimSpace(header)
	if h == "" || !strings.Contains(h, " ") {
		return "", false
	}
	scheme, rest, _ := strings.Cut(h, " ")
	if !strings.EqualFold(scheme, "bearer") {
		return "", false
	}
	return rest, true
}
