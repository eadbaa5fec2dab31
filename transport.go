package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strconv"
	"strings"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/errcode"
	"github.com/99designs/gqlgen/graphql/handler/transport"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"flowgate/graph/guard"
)

// jsonPOST is gqlgen's POST transport (application/json requests) with a
// cheaper way of writing the answer. gqlgen writes an answer with
// json.Marshal, which re-scans the whole of data (already JSON) to compact
// it and escape <, >, & and U+2028/U+2029 — on a flat list that was 5% of
// flowgate's CPU. jsonPOST writes data as it is when that scan would change
// nothing, and falls back to json.Marshal otherwise, so the bytes on the
// wire are exactly gqlgen's. Everything else (content negotiation, statuses,
// messages) is gqlgen's POST transport's, as of the pinned version.
type jsonPOST struct{ transport.POST }

// Supports is transport.POST.Supports, without parsing the usual
// Content-Type.
func (t jsonPOST) Supports(r *http.Request) bool {
	return r.Header.Get("Upgrade") == "" && r.Method == http.MethodPost && mediaType(r.Header.Get("Content-Type")) == "application/json"
}

// Do is transport.POST.Do with writeAnswer for writeJson. checkRequest has
// read the body already (r.Body reads from memory).
func (t jsonPOST) Do(w http.ResponseWriter, r *http.Request, exec graphql.GraphExecutor) {
	ctx := r.Context()
	contentType := responseContentType(r)
	w.Header().Add("Content-Type", contentType)
	start := graphql.Now()
	var body []byte
	var err error
	simple := false
	if b, ok := r.Body.(*readBody); ok && b.Len() == len(b.body) {
		body, simple = b.body, b.simple // checkRequest read it
	} else {
		body, err = io.ReadAll(r.Body)
	}
	if err != nil {
		writeAnswer(w, exec.DispatchError(ctx, gqlerror.List{gqlerror.Errorf("could not read request body: %+v", err)}))
		return
	}
	params := &graphql.RawParams{}
	if simple {
		// Only strings to decode: what the decoder below would do, without
		// its buffer (checkBodyShape).
		err = json.Unmarshal(body, params)
	} else {
		dec := json.NewDecoder(bytes.NewReader(body))
		dec.UseNumber()
		err = dec.Decode(params)
	}
	if err != nil {
		w.WriteHeader(http.StatusBadRequest)
		writeAnswer(w, exec.DispatchError(ctx, gqlerror.List{gqlerror.Errorf(
			"json request body could not be decoded: %+v body:%s", err, string(body))}))
		return
	}
	params.Headers = r.Header
	params.ReadTime = graphql.TraceTiming{Start: start, End: graphql.Now()}

	rc, opErr := exec.CreateOperationContext(ctx, params)
	if opErr != nil {
		status := http.StatusOK
		if errcode.GetErrorKind(opErr) == errcode.KindProtocol {
			status = http.StatusUnprocessableEntity
			if contentType == graphQLResponseJSON {
				status = http.StatusBadRequest
			}
		}
		w.WriteHeader(status)
		writeAnswer(w, exec.DispatchError(graphql.WithOperationContext(ctx, rc), opErr))
		return
	}
	responses, ctx := exec.DispatchOperation(ctx, rc)
	// With its length, an answer is never sent chunked, whatever its size.
	parts := answerParts(responses(ctx))
	w.Header().Set("Content-Length", strconv.Itoa(len(parts[0])+len(parts[1])+len(parts[2])))
	for _, p := range parts {
		_, _ = w.Write(p)
	}
}

const graphQLResponseJSON = "application/graphql-response+json"

// responseContentType is gqlgen's choice of the answer's media type from
// the request's Accept (application/json when there is none).
func responseContentType(r *http.Request) string {
	accept := r.Header.Get("Accept")
	if accept == "" {
		return "application/json"
	}
	for part := range strings.SplitSeq(accept, ",") {
		mediaType := strings.TrimSpace(part)
		switch mediaType {
		case "*/*", "application/*", "application/json", graphQLResponseJSON:
			// What mime.ParseMediaType returns for these, without its work.
		default:
			mt, _, err := mime.ParseMediaType(mediaType)
			if err != nil {
				continue
			}
			mediaType = mt
		}
		switch mediaType {
		case "*/*", "application/*", "application/json":
			return "application/json"
		case graphQLResponseJSON:
			return graphQLResponseJSON
		}
	}
	return graphQLResponseJSON
}

// writeAnswer writes resp exactly as json.Marshal(resp) would.
func writeAnswer(w io.Writer, resp *graphql.Response) {
	for _, p := range answerParts(resp) {
		_, _ = w.Write(p)
	}
}

// answerParts returns the bytes of json.Marshal(resp) in three parts: what
// precedes data, data itself (not copied or re-scanned by encoding/json
// when verbatim allows), and what follows it; or all of it in the first.
func answerParts(resp *graphql.Response) [3][]byte {
	if resp == nil || !verbatim(resp.Data) {
		b, err := json.Marshal(resp)
		if err != nil {
			panic(fmt.Errorf("unable to marshal %s: %w", string(resp.Data), err))
		}
		return [3][]byte{b}
	}
	head := append(make([]byte, 0, 64), '{')
	if len(resp.Errors) > 0 {
		head = append(appendMember(head, "errors", resp.Errors), ',')
	}
	head = append(head, `"data":`...)
	tail := make([]byte, 0, 128)
	if resp.Label != "" {
		tail = appendMember(append(tail, ','), "label", resp.Label)
	}
	if len(resp.Path) > 0 {
		tail = appendMember(append(tail, ','), "path", resp.Path)
	}
	if resp.HasNext != nil {
		tail = appendMember(append(tail, ','), "hasNext", *resp.HasNext)
	}
	if len(resp.Extensions) > 0 {
		if cost, ok := resp.Extensions["cost"].(guard.CostReport); ok && len(resp.Extensions) == 1 {
			tail = appendCostOnly(append(tail, ','), cost)
		} else {
			tail = appendMember(append(tail, ','), "extensions", resp.Extensions)
		}
	}
	tail = append(tail, '}')
	return [3][]byte{head, resp.Data, tail}
}

// appendCostOnly appends `"extensions":{"cost":…}`, what json.Marshal
// writes for extensions holding only guard.DemandControl's cost report (as
// most answers' do), without reflection.
func appendCostOnly(b []byte, c guard.CostReport) []byte {
	b = append(b, `"extensions":{"cost":{"upstreamRequests":`...)
	b = strconv.AppendInt(b, c.UpstreamRequests, 10)
	if c.EstimatedUpstreamRequests != nil {
		b = append(b, `,"estimatedUpstreamRequests":`...)
		b = strconv.AppendInt(b, *c.EstimatedUpstreamRequests, 10)
	}
	if c.UpstreamRequestsCached != nil {
		b = append(b, `,"upstreamRequestsCached":`...)
		b = strconv.AppendInt(b, *c.UpstreamRequestsCached, 10)
	}
	return append(b, "}}"...)
}

// appendMember appends `"key":<json.Marshal(v)>` to b: the bytes
// json.Marshal writes for that member of the answer.
func appendMember(b []byte, key string, v any) []byte {
	enc, err := json.Marshal(v)
	if err != nil {
		panic(fmt.Errorf("unable to marshal the answer's %s: %w", key, err))
	}
	b = append(b, '"')
	b = append(b, key...)
	b = append(b, `":`...)
	return append(b, enc...)
}

// verbatim reports whether json.Marshal would copy the JSON text data
// unchanged: it is not empty, has no whitespace outside strings (compact
// already) and none of the characters encoding/json escapes for HTML (<, >,
// &, U+2028, U+2029). gqlgen's marshalers write compact JSON, so for most
// answers it holds; when it does not, the caller lets encoding/json do it.
func verbatim(data []byte) bool {
	if len(data) == 0 ||
		bytes.IndexByte(data, '<') >= 0 || bytes.IndexByte(data, '>') >= 0 || bytes.IndexByte(data, '&') >= 0 ||
		bytes.Contains(data, []byte("\u2028")) || bytes.Contains(data, []byte("\u2029")) {
		return false
	}
	// Whitespace outside strings: walk from string to string.
	for i := 0; i < len(data); {
		q := bytes.IndexByte(data[i:], '"')
		outside := data[i:]
		if q >= 0 {
			outside = data[i : i+q]
		}
		for _, c := range outside {
			if c == ' ' || c == '\t' || c == '\n' || c == '\r' {
				return false
			}
		}
		if q < 0 {
			return true
		}
		// Skip the string: its end is the next quote not escaped.
		j := i + q + 1
		for {
			e := bytes.IndexByte(data[j:], '"')
			if e < 0 {
				return false // unterminated: let encoding/json report it
			}
			j += e
			bs := 0
			for k := j - 1; k >= 0 && data[k] == '\\'; k-- {
				bs++
			}
			j++
			if bs%2 == 0 {
				break
			}
		}
		i = j
	}
	return true
}
