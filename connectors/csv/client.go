package csv

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/abmsync/abmsync/crm"
)

// PageSize is the number of records per Pull page and the maximum number of
// updates per BatchUpdate call, HubSpot's batch limit.
const PageSize = 100

// MaxFileSize caps each CSV file the connector reads (64 MiB), so a wrong
// path (a log file, a disk image) cannot exhaust memory.
const MaxFileSize = 64 << 20

// Source is the crm.Record.Source of every record this connector returns.
const Source = "csv"

// Config configures a Client.
type Config struct {
	// Dir is the folder holding companies.csv, contacts.csv and deals.csv.
	// Required.
	Dir string
	// OutputDir is the folder BatchUpdate writes <object>_abm.csv files
	// to; it is created when missing. Required, so that a read-only
	// campaign folder is never written by accident.
	OutputDir string
	// Now is the clock; nil means time.Now. The v1 connector neither
	// stamps nor filters by the current time, so it does not call Now yet;
	// the field exists so callers configure every connector alike.
	Now func() time.Time
}

// Client reads and writes one CSV campaign folder. It is safe for concurrent
// use; writes of one Client are serialised, but two processes writing the
// same OutputDir may lose each other's updates.
type Client struct {
	dir    string
	outDir string

	// Test hooks: a smaller cap and a failing rename exercise the error
	// paths without 64 MiB files or broken disks.
	maxFileSize int64
	rename      func(oldpath, newpath string) error

	mu     sync.Mutex
	tables map[crm.ObjectType]*table   // parsed input files, by object
	defs   map[crm.ObjectType][]string // property names from EnsureProperties

	// writeMu serialises BatchUpdate's read-modify-write of output files.
	writeMu sync.Mutex
}

// New returns a Client for cfg. It fails, naming the folder or file, when
// Dir or OutputDir is not configured, Dir is not a folder, OutputDir exists
// but is not a folder, or one of the three input files is missing. File
// contents are checked when first read.
func New(cfg Config) (*Client, error) {
	if cfg.Dir == "" {
		return nil, errors.New("csv: no input folder configured (csv.dir)")
	}
	if cfg.OutputDir == "" {
		return nil, errors.New("csv: no output folder configured (csv.output_dir)")
	}
	fi, err := os.Stat(cfg.Dir)
	if err != nil {
		return nil, fmt.Errorf("csv: input folder: %w", err)
	}
	if !fi.IsDir() {
		return nil, fmt.Errorf("csv: input folder %s is not a folder", cfg.Dir)
	}
	for _, obj := range crm.AllObjects {
		p := filepath.Join(cfg.Dir, string(obj)+".csv")
		fi, err := os.Stat(p)
		if err != nil {
			return nil, fmt.Errorf("csv: %s file: %w", obj, err)
		}
		if !fi.Mode().IsRegular() {
			return nil, fmt.Errorf("csv: %s file %s is not a regular file", obj, p)
		}
	}
	if fi, err := os.Stat(cfg.OutputDir); err == nil && !fi.IsDir() {
		return nil, fmt.Errorf("csv: output folder %s is not a folder", cfg.OutputDir)
	}
	return &Client{
		dir:         cfg.Dir,
		outDir:      cfg.OutputDir,
		maxFileSize: MaxFileSize,
		rename:      os.Rename,
		tables:      make(map[crm.ObjectType]*table),
		defs:        make(map[crm.ObjectType][]string),
	}, nil
}

// inputPath returns the input file of obj.
func (c *Client) inputPath(obj crm.ObjectType) string {
	return filepath.Join(c.dir, string(obj)+".csv")
}

// outputPath returns the output file of obj.
func (c *Client) outputPath(obj crm.ObjectType) string {
	return filepath.Join(c.outDir, string(obj)+"_abm.csv")
}

// checkObject rejects object types the connector has no file for.
func checkObject(obj crm.ObjectType) error {
	if _, err := crm.ParseObjectType(string(obj)); err != nil {
		return fmt.Errorf("%w: %w", err, crm.ErrPermanent)
	}
	return nil
}

// table is a validated input file, cached until the file changes.
type table struct {
	size    int64
	modTime time.Time
	*sheet
	created, updated []time.Time // per row; zero when the file has none
}

// load returns the validated input file of obj, parsing it only when it
// changed since the last call: paging through a large file must not re-read
// it for every page.
func (c *Client) load(ctx context.Context, obj crm.ObjectType) (*table, error) {
	path := c.inputPath(obj)
	f, err := os.Open(path)
	if err != nil {
		return nil, &FileError{Path: path, Err: err}
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, &FileError{Path: path, Err: err}
	}

	c.mu.Lock()
	t := c.tables[obj]
	c.mu.Unlock()
	if t != nil && t.size == fi.Size() && t.modTime.Equal(fi.ModTime()) {
		return t, nil
	}

	sh, err := readSheet(ctx, path, f, c.maxFileSize)
	if err != nil {
		return nil, err
	}
	t = &table{size: fi.Size(), modTime: fi.ModTime(), sheet: sh}
	if t.created, err = sh.times(path, "createdate"); err != nil {
		return nil, err
	}
	// HubSpot names the modification date lastmodifieddate on contacts and
	// hs_lastmodifieddate elsewhere; accept either in any file, preferring
	// the hs_ one.
	if t.updated, err = sh.times(path, "hs_lastmodifieddate", "lastmodifieddate"); err != nil {
		return nil, err
	}
	c.mu.Lock()
	c.tables[obj] = t
	c.mu.Unlock()
	return t, nil
}
