package hubspot

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"sync"

	"github.com/abmsync/abmsync/crm"
	"github.com/abmsync/abmsync/internal/httpx"
)

// Pages reads a listing page after page, as repeated Pull calls would, and
// yields each page (or the error that ends the listing) in order. A full
// listing (list endpoint, no Since) is read ahead: while the caller handles
// a page, up to ahead further pages are fetched, and each page's records are
// decoded on a goroutine of their own while the next page is requested. The
// list endpoint pages by cursor, so the requests themselves stay one after
// another; what leaves the chain of requests is decoding, the largest part
// of a page's cost on the client. Incremental listings (search) are read
// page by page through Pull: the search endpoint's own rate limit, not the
// client, sets their pace.
//
// Each page's Calls counts its own HTTP attempts, those of the association
// reads its decoding needed included. Stopping the iteration (break) cancels
// the requests in flight.
func (c *Client) Pages(ctx context.Context, req crm.PullRequest, ahead int) iter.Seq2[crm.Page, error] {
	return func(yield func(crm.Page, error) bool) {
		cur, props, modProp, err := pullStart(req)
		if err != nil {
			yield(crm.Page{}, err)
			return
		}
		if cur.M != modeList || ahead < 1 {
			for {
				page, err := c.Pull(ctx, req)
				if !yield(page, err) || err != nil || page.Next == "" {
					return
				}
				req.Token = page.Next
			}
		}
		c.pagesAhead(ctx, req, cur, props, modProp, ahead, yield)
	}
}

// pageResult is one page read ahead, once decoded.
type pageResult struct {
	page crm.Page
	err  error
}

func (c *Client) pagesAhead(ctx context.Context, req crm.PullRequest, cur cursor, props []string, modProp string, ahead int, yield func(crm.Page, error) bool) {
	ctx, cancel := context.WithCancel(ctx)
	// Pages in order: each is a channel its decoder answers on.
	pending := make(chan chan pageResult, ahead)
	var decoders sync.WaitGroup
	go func() {
		defer close(pending)
		for {
			fctx, fc := httpx.WithCounter(ctx)
			raw, resp, err := c.listRaw(fctx, string(req.Object), listOptions(req, cur, props))
			res := make(chan pageResult, 1)
			select {
			case pending <- res:
			case <-ctx.Done():
				return
			}
			if err != nil {
				res <- pageResult{crm.Page{Calls: fc.Count()}, wrapOp(err, "pull %s", req.Object)}
				return
			}
			next, calls := nextListToken(cur, resp.Next), fc.Count()
			decoders.Add(1)
			go func() {
				defer decoders.Done()
				dctx, dc := httpx.WithCounter(ctx)
				page, err := c.decodeList(dctx, req, raw, modProp)
				page.Calls = calls + dc.Count()
				if err != nil {
					res <- pageResult{crm.Page{Calls: page.Calls}, wrapOp(err, "pull %s", req.Object)}
					return
				}
				page.Next = next
				res <- pageResult{page: page}
			}()
			if next == "" {
				return
			}
			cur.A = resp.Next
		}
	}()
	defer func() {
		cancel()
		for range pending {
		}
		decoders.Wait()
	}()
	for res := range pending {
		r := <-res
		if !yield(r.page, r.err) || r.err != nil || r.page.Next == "" {
			return
		}
	}
	// The reader stopped without a last page or an error: the caller's
	// context ended while it waited to hand a page over.
	err := ctx.Err()
	if err == nil {
		err = errors.New("listing ended before its last page")
	}
	yield(crm.Page{}, fmt.Errorf("hubspot: pull %s: %w", req.Object, err))
}
