package daemon

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"log/slog"
	"os"
	"strings"
)

func newToken() string {
	var b [24]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// ReadLocalToken returns the token the embedded default wrote, for the CLI.
func ReadLocalToken(getenv func(string) string) (string, error) {
	b, err := os.ReadFile(LocalTokenPath(getenv))
	if err != nil {
		return "", fmt.Errorf("no admin token: set ABMSYNC_ADMIN_TOKEN (%w)", err)
	}
	return strings.TrimSpace(string(b)), nil
}

// asynqLogger adapts slog to asynq.Logger.
type asynqLogger struct{ l *slog.Logger }

func (a asynqLogger) Debug(args ...any) { a.l.Debug(fmt.Sprint(args...)) }
func (a asynqLogger) Info(args ...any)  { a.l.Info(fmt.Sprint(args...)) }
func (a asynqLogger) Warn(args ...any)  { a.l.Warn(fmt.Sprint(args...)) }
func (a asynqLogger) Error(args ...any) {
	msg := fmt.Sprint(args...)
	if strings.Contains(msg, "redis connection is shared") {
		// The scheduler's Shutdown tries to close the Redis client it was
		// given and reports, as an error, that it may not: the daemon shares
		// one client and closes it itself. Part of every clean shutdown.
		a.l.Info("redis client left open for the daemon to close (it is shared)")
		return
	}
	a.l.Error(msg)
}
func (a asynqLogger) Fatal(args ...any) { a.l.Error(fmt.Sprint(args...)); os.Exit(1) }

// redisLogger routes go-redis's own messages (dial failures while Redis is
// away) into the daemon's structured log.
type redisLogger struct{ l *slog.Logger }

func (r redisLogger) Printf(_ context.Context, format string, v ...any) {
	r.l.Warn(fmt.Sprintf(format, v...))
}
