package main

import (
	"context"
	"flag"
	"io"
	"log/slog"

	"github.com/abmsync/abmsync/config"
	"github.com/abmsync/abmsync/daemon"
)

func serve(ctx context.Context, args []string, getenv func(string) string, stderr io.Writer) error {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(stderr)
	path := fs.String("config", "", "YAML config file (default $ABMSYNC_CONFIG; none: embedded default)")
	if err := fs.Parse(args); err != nil {
		return &usageError{err.Error()}
	}
	cfg, err := config.Load(*path, getenv)
	if err != nil {
		return err
	}
	var h slog.Handler
	opts := &slog.HandlerOptions{Level: cfg.Log.SlogLevel()}
	if cfg.Log.Format == "json" {
		h = slog.NewJSONHandler(stderr, opts)
	} else {
		h = slog.NewTextHandler(stderr, opts)
	}
	return daemon.Run(ctx, cfg, daemon.Options{Logger: slog.New(h), Getenv: getenv})
}
