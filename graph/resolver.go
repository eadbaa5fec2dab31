package graph

import (
	"log/slog"

	"flowgate/upstream"
)

// Resolver holds the long-lived dependencies of every resolver. Per-request
// state (loaders, credentials) lives only in the request context.
//
// This file is not regenerated.
type Resolver struct {
	Upstream *upstream.Client
	Log      *slog.Logger
}
