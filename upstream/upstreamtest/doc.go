// Package upstreamtest is an in-memory fake of the authentik 2026.5 REST API
// for flows, flow-stage bindings and stages (/api/v3/flows/instances/,
// /api/v3/flows/bindings/, /api/v3/stages/all/).
//
// The fake is used by tests and is also linked into the production binary
// for demo mode, so it does not import package testing (like
// net/http/httptest).
//
// It deliberately reproduces authentik's quirks instead of being convenient:
//
//   - every path needs a trailing slash (without it: HTML 404);
//   - page_size is silently capped (100 by default), next/previous are page
//     numbers with 0 meaning "none", an out-of-range page is a 404
//     {"detail":"Invalid page."};
//   - unknown query parameters such as target__in or pk__in are ignored, so
//     the caller silently receives the unfiltered list;
//   - repeated single-valued parameters use the last value (Django QueryDict);
//   - the stage list has no stable default order;
//   - authentication failures are 403, never 401;
//   - users without a global view permission only see objects they hold
//     object permissions on, and get 403 instead of an empty list when they
//     see nothing;
//   - detail routes run the list filters (search, filterset, ordering) before
//     the lookup, exactly like DRF's get_object;
//   - a binding's evaluate_on_plan/re_evaluate_policies rule only looks at
//     the fields present in the request body.
//
// For tests of failure handling, Inject makes chosen requests fail (a
// status and body, a reset connection, a delay, a truncated or rewritten
// body), and WithChaos / SetChaos make a seeded random share of all
// requests fail in those ways, counted by kind (ChaosStats). Server.Conns
// counts the server's connections, to find leaks.
//
// The seed is authentik's default install (14 flows, 18 stages, 20 bindings)
// plus three example flows (enrollment, recovery, unenrollment); see
// SeedFlows, SeedStages and SeedBindings. The seed is stored as JSON
// fixtures under testdata/ and embedded into the binary.
package upstreamtest
