package upstream

import (
	"context"
	"errors"
	"fmt"
)

// UsedBy is one object that a delete would affect (authentik's UsedBy):
// Action says how (cascade, cascade_many, set_null, set_default,
// left_dangling). authentik lists only objects the caller may view.
type UsedBy struct {
	App       string `json:"app"`
	ModelName string `json:"model_name"`
	PK        string `json:"pk"`
	Name      string `json:"name"`
	Action    string `json:"action"`
}

type usedByList []UsedBy

func (l *usedByList) validate() error {
	if *l == nil {
		return errors.New("used_by is not a list")
	}
	for i, u := range *l {
		if u.ModelName == "" || u.PK == "" {
			return fmt.Errorf("used_by[%d] without model_name or pk", i)
		}
	}
	return nil
}

// usedBy fetches a used_by action (not paginated); path is already escaped.
func (c *Client) usedBy(ctx context.Context, path string) ([]UsedBy, error) {
	var l usedByList
	if err := c.do(ctx, "GET", path, nil, nil, &l, nil); err != nil {
		return nil, err
	}
	return l, nil
}
