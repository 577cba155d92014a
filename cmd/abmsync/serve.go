package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"

	"github.com/abmsync/abmsync/config"
	"github.com/abmsync/abmsync/daemon"
	"github.com/abmsync/abmsync/deploy/examples"
)

func serve(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := newFlags("serve")
	path := fs.String("config", "", "YAML config file (default $ABMSYNC_CONFIG; none: embedded default)")
	if err := parseFlags(fs, args, stdout, stderr); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usageFailure(stderr, "serve", fmt.Sprintf("unexpected argument %q", fs.Arg(0)))
	}
	cfg, err := config.LoadContext(ctx, *path, getenv)
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
	log := slog.New(h)
	if usesBuiltInSample(cfg) {
		dir, err := unpackSample()
		if err != nil {
			return err
		}
		defer os.RemoveAll(dir)
		log.Info("csv.dir: the sample campaign built into the binary", "unpacked_to", dir, "output_dir", cfg.CSV.OutputDir)
		cfg.CSV.Dir = dir
	}
	return daemon.Run(ctx, cfg, daemon.Options{Logger: log, Getenv: getenv})
}

// usesBuiltInSample reports whether cfg reads the sample campaign at the
// embedded default's csv.dir. That relative path exists only in the
// repository root, so the binary brings its own copy of the files
// (package deploy/examples) and runs the demo from any folder. Another
// csv.dir, or this folder spelled differently (an absolute path), is read
// from disk as configured.
func usesBuiltInSample(cfg config.Config) bool {
	return cfg.CRM.Kind == "csv" && cfg.CSV.Dir == config.Default().CSV.Dir
}

// unpackSample writes the built-in sample campaign to a new temporary
// folder, which the caller removes: the csv connector reads a folder.
func unpackSample() (string, error) {
	dir, err := os.MkdirTemp("", "abmsync-sample-campaign-")
	if err != nil {
		return "", fmt.Errorf("sample campaign: %w", err)
	}
	if err := os.CopyFS(dir, examples.SampleCampaign()); err != nil {
		_ = os.RemoveAll(dir)
		return "", fmt.Errorf("sample campaign: unpack to %s: %w", dir, err)
	}
	return dir, nil
}
