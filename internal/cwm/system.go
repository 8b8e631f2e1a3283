package cwm

import (
	"context"
	"fmt"
)

// SystemService reads what ConnectWise says about itself and about the API
// member the keys belong to.
type SystemService service

// Info fetches system/info: the version, and a cheap check that the base
// URL and the keys work.
func (s *SystemService) Info(ctx context.Context) (*SystemInfo, *Response, error) {
	return getOne[SystemInfo](ctx, s.client, "system/info")
}

// MyMember fetches the member the API keys belong to (system/myMembers),
// including its default service board.
func (s *SystemService) MyMember(ctx context.Context) (*MyMember, *Response, error) {
	return getOne[MyMember](ctx, s.client, "system/myMembers")
}

// MySecurity fetches the API member's effective permissions
// (system/mySecurity), every page of them. The Response is the last page's.
func (s *SystemService) MySecurity(ctx context.Context) ([]SecuritySetting, *Response, error) {
	var all []SecuritySetting
	var last *Response
	for p, err := range pages[SecuritySetting](ctx, s.client, "system/mySecurity", nil, nil) {
		last = p.resp
		if err != nil {
			return nil, last, fmt.Errorf("reading security settings: %w", err)
		}
		all = append(all, p.items...)
	}
	return all, last, nil
}
