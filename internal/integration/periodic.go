package integration

import (
	"context"
	"errors"
	"log/slog"
	"time"
)

// CheckAll re-checks the permissions of every connected partner; a check
// that passes replays the partner's parked reports. It returns how many
// partners were checked.
func (s *Service) CheckAll(ctx context.Context, log *slog.Logger) (int, error) {
	partners, err := s.Store.Partners(ctx)
	if err != nil {
		return 0, err
	}
	n := 0
	for _, p := range partners {
		_, err := s.Check(ctx, p.ID)
		switch {
		case errors.Is(err, ErrNotConnected):
			continue
		case err != nil:
			log.Warn("permission check failed", "partner_id", p.ID, "error", err)
		}
		n++
	}
	return n, nil
}

// CheckEvery runs CheckAll every interval until ctx is done, so a right
// removed in ConnectWise shows up, and a right granted there releases the
// parked work, without anyone asking.
func (s *Service) CheckEvery(ctx context.Context, interval time.Duration, log *slog.Logger) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			if n, err := s.CheckAll(ctx, log); err != nil {
				log.Error("periodic permission check failed", "error", err)
			} else {
				log.Debug("periodic permission check done", "partners", n)
			}
		}
	}
}
