package upstreamtest

import "net/http"

func stagePK(st *stageRec) string { return st.PK }

func (f *Fake) stageOrdering() map[string]*orderField[*stageRec] {
	return map[string]*orderField[*stageRec]{
		"pk":   {one: func(st *stageRec) sortVal { return sv(st.PK) }},
		"name": {one: func(st *stageRec) sortVal { return sv(st.Name) }},
		// m2m through the bindings: one row per binding, NULL when unbound.
		"flow_set": {multi: func(st *stageRec) []sortVal {
			var out []sortVal
			for _, b := range f.bindings {
				if b.Stage == st.PK {
					out = append(out, sv(b.Target))
				}
			}
			return out
		}},
	}
}

// stageQuery runs search, ObjectFilter and the filterset (name).
func (f *Fake) stageQuery(c *call) ([]*stageRec, *response) {
	objs := unstableOrder(f.stages, stagePK) // no default ordering
	objs = searchFilter(objs, searchTerms(c.q), func(st *stageRec) []string { return []string{st.Name} })
	objs, resp := objectFilter(c.p, "stage", objs, stagePK)
	if resp != nil {
		return nil, resp
	}
	if name, ok := filterChar(c.q, "name"); ok {
		out := objs[:0:0]
		for _, st := range objs {
			if st.Name == name {
				out = append(out, st)
			}
		}
		objs = out
	}
	return objs, nil
}

func (f *Fake) stageObject(c *call, filtered bool) (*stageRec, *response) {
	objs := f.stages
	if filtered {
		var resp *response
		objs, resp = f.stageQuery(c)
		if resp != nil {
			return nil, resp
		}
	}
	u, ok := parseUUID(c.lookup)
	if !ok {
		return nil, detailResponse(http.StatusNotFound, msgNotFound)
	}
	for _, st := range objs {
		if st.PK == u {
			return st, nil
		}
	}
	return nil, notFoundFor("Stage")
}

func (f *Fake) stageDetail(c *call) *response {
	st, resp := f.stageObject(c, true)
	if resp != nil {
		return resp
	}
	if c.method == "DELETE" {
		if !c.p.has(PermDeleteStage) {
			return detailResponse(http.StatusForbidden, msgPermissionDenied)
		}
		f.deleteStageLocked(st)
		return noContent()
	}
	return jsonResponse(http.StatusOK, f.stageJSON(st, f.buildIndex()))
}

func (f *Fake) stageUsedBy(c *call) *response {
	st, resp := f.stageObject(c, false)
	if resp != nil {
		return resp
	}
	out := []object{}
	for _, b := range f.bindings {
		if b.Stage == st.PK && c.p.canView("flowstagebinding", b.PK) {
			out = append(out, usedByJSON("authentik_flows", "flowstagebinding", b.PK, bindingName(b), "cascade"))
		}
	}
	return jsonResponse(http.StatusOK, out)
}

func (f *Fake) stagesTypes(c *call) *response {
	return jsonResponse(http.StatusOK, f.typesJSON())
}

func (f *Fake) stagesUserSettings(c *call) *response {
	return jsonResponse(http.StatusOK, []object{})
}
