// Package guard holds flowgate's query guards: the gqlgen handler
// extensions that refuse a GraphQL request before any resolver runs, and so
// before any upstream request. It is to flowgate what
// github.com/99designs/gqlgen/graphql/handler/extension is to gqlgen, and
// keeps its tests and fuzz corpus (testdata/fuzz) beside it.
//
// newGraphQL (server.go) registers them in this order, which is the order a
// document meets them:
//
//   - persisted.go: TrustedDocuments (only allow-listed documents run) or
//     APQ (automatic persisted queries); they replace the request's document
//     by the one its hash names, so every later guard measures the document
//     that runs.
//   - breadth.go: CountTokens and Breadth, lexical measures taken before
//     gqlgen parses the document (QueryLimits.MutateOperationParameters).
//   - limits.go: QueryLimits after validation: introspection, depth,
//     aliases and the complexity estimate (Measure).
//   - demand.go: DemandControl, the upstream-request estimate of a validated
//     operation from the cost its schema declares (graph/cost.graphqls),
//     refused over MAX_UPSTREAM_REQUESTS; it also writes extensions.cost.
//   - enums.go: StrictEnums, case-sensitive enum values in variables.
//
// Every refusal carries one of graph's error codes; graph/errors.go maps
// each code to its HTTP status.
package guard
