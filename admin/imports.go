package admin

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http"

	"github.com/abmsync/abmsync/campaign"
	"github.com/abmsync/abmsync/connectors/csv"
)

// ConnectionsImporter imports a LinkedIn Connections export (campaign.Service).
type ConnectionsImporter interface {
	ImportConnections(ctx context.Context, owner string, r io.Reader, aliases map[string][]string) (campaign.ImportResult, error)
}

// MaxImportBytes caps an uploaded Connections export. A colleague with
// 30,000 connections exports about 3 MB; the file is parsed as it streams,
// so the cap only bounds abuse, not memory.
const MaxImportBytes = 1 << 30

// ConnectionsImport serves POST /api/imports/linkedin-connections?owner=NAME
// with the CSV file as the request body. The file is parsed while it
// streams in; nothing is stored unless all of it parses.
type ConnectionsImport struct {
	Importer ConnectionsImporter
	Aliases  map[string][]string
	Logger   *slog.Logger
}

func (h *ConnectionsImport) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	owner := r.URL.Query().Get("owner")
	body := http.MaxBytesReader(w, r.Body, MaxImportBytes)
	res, err := h.Importer.ImportConnections(r.Context(), owner, body, h.Aliases)
	var tooLarge *http.MaxBytesError
	var bad *csv.ConnectionsError
	switch {
	case errors.As(err, &tooLarge):
		writeError(w, http.StatusRequestEntityTooLarge, "import: the file is larger than 1 GiB; nothing was imported")
	case errors.Is(err, campaign.ErrBadOwner):
		writeError(w, http.StatusBadRequest, "import: bad ?owner=: "+err.Error())
	case errors.As(err, &bad):
		writeError(w, http.StatusBadRequest, "import: "+err.Error()+"; nothing was imported")
	case err != nil:
		if h.Logger != nil {
			h.Logger.Error("connections import", "err", err)
		}
		writeError(w, http.StatusInternalServerError, "import: "+err.Error())
	default:
		writeJSON(w, http.StatusOK, res)
	}
}

// AccessLogImporter imports a web-server access log (campaign.Service).
type AccessLogImporter interface {
	ImportAccessLog(ctx context.Context, r io.Reader) (campaign.AccessLogResult, error)
}

// AccessLogImport serves POST /api/imports/access-log with the log
// (combined format) as the request body, streamed.
type AccessLogImport struct {
	Importer AccessLogImporter
}

func (h *AccessLogImport) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	// No size cap beyond the stream itself: the log is read line by line in
	// constant memory and only per-account daily counts are kept.
	res, err := h.Importer.ImportAccessLog(r.Context(), r.Body)
	if err != nil {
		writeError(w, http.StatusBadRequest, "import access log: "+err.Error())
		return
	}
	writeJSON(w, http.StatusOK, res)
}

// NPSImporter imports survey answers (campaign.Service).
type NPSImporter interface {
	ImportNPS(ctx context.Context, source string, r io.Reader) (campaign.NPSImportResult, error)
}

// maxNPSBytes caps an uploaded survey export: answers are parsed into
// memory (a million answers is about 40 MB of CSV).
const maxNPSBytes = 64 << 20

// NPSImport serves POST /api/imports/nps?source=NAME with the survey CSV as
// the request body. Nothing is stored unless all of it parses.
type NPSImport struct {
	Importer NPSImporter
}

func (h *NPSImport) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body := http.MaxBytesReader(w, r.Body, maxNPSBytes)
	res, err := h.Importer.ImportNPS(r.Context(), r.URL.Query().Get("source"), body)
	var tooLarge *http.MaxBytesError
	switch {
	case errors.As(err, &tooLarge):
		writeError(w, http.StatusRequestEntityTooLarge, "import nps: the file is larger than 64 MiB; nothing was imported")
	case errors.Is(err, campaign.ErrBadNPSSource):
		writeError(w, http.StatusBadRequest, "import nps: ?source=: "+err.Error())
	case err != nil:
		writeError(w, http.StatusBadRequest, "import nps: "+err.Error()+"; nothing was imported")
	default:
		writeJSON(w, http.StatusOK, res)
	}
}
