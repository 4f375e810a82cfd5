package cli

import (
	"fmt"
	"io"
	"strings"
	"sync"
	"time"
)

// A progress line shows once a run has gone on for progressAfter (short
// runs stay silent), and is redrawn every progressInterval.
const (
	progressAfter    = 2 * time.Second
	progressInterval = 250 * time.Millisecond
)

// progressLine is the line on a terminal's stderr that says how far a long
// run has come: "podctl: 3072 of 100000 documents (4s)", redrawn in place
// with \r and cleared when the run is done. apply reports through
// Request.Progress and knows nothing of terminals.
type progressLine struct {
	w     io.Writer
	after time.Duration // nothing shows before
	now   func() time.Time

	mu    sync.Mutex
	start time.Time
	what  string // "reading", "documents", "files written"
	done  int
	total int
	width int // of the line on screen; 0 when none is
	stop  chan struct{}
	ended chan struct{}
}

// newProgress gives the progress line for a command, or nil when none is
// to show: stderr is no terminal, or the user asked for quiet.
func newProgress(s streams, quiet bool) *progressLine {
	if !s.errTerminal || quiet {
		return nil
	}
	now := s.now
	if now == nil {
		now = time.Now
	}
	return &progressLine{w: s.err, after: s.progressAfter, now: now, start: now(), what: "reading"}
}

// run redraws the line every interval, so that its time goes on while a
// long document is worked on, until end.
func (p *progressLine) run(interval time.Duration) {
	if p == nil || p.stop != nil {
		return
	}
	p.stop, p.ended = make(chan struct{}), make(chan struct{})
	go func() {
		defer close(p.ended)
		tick := time.NewTicker(interval)
		defer tick.Stop()
		for {
			select {
			case <-p.stop:
				return
			case <-tick.C:
				p.mu.Lock()
				p.draw()
				p.mu.Unlock()
			}
		}
	}()
}

// set records how far the run has come and redraws.
func (p *progressLine) set(what string, done, total int) {
	if p == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.what, p.done, p.total = what, done, total
	p.draw()
}

// documents is apply's Request.Progress.
func (p *progressLine) documents(done, total int) { p.set("documents", done, total) }

// draw writes the line over the one on screen, once the run has gone on
// long enough. p.mu is held.
func (p *progressLine) draw() {
	elapsed := p.now().Sub(p.start)
	if elapsed < p.after {
		return
	}
	var line string
	if p.what == "reading" {
		line = fmt.Sprintf("podctl: reading the input (%ds)", int(elapsed.Seconds()))
	} else {
		line = fmt.Sprintf("podctl: %d of %d %s (%ds)", p.done, p.total, p.what, int(elapsed.Seconds()))
	}
	pad := ""
	if len(line) < p.width {
		pad = strings.Repeat(" ", p.width-len(line))
	}
	fmt.Fprint(p.w, "\r"+line+pad)
	p.width = len(line)
}

// clear takes the line off the screen. p.mu is held.
func (p *progressLine) clear() {
	if p.width > 0 {
		fmt.Fprint(p.w, "\r"+strings.Repeat(" ", p.width)+"\r")
		p.width = 0
	}
}

// end stops the redraws and clears the line, so that what is printed next
// starts on a clean line. run starts them again.
func (p *progressLine) end() {
	if p == nil {
		return
	}
	if p.stop != nil {
		close(p.stop)
		<-p.ended
		p.stop = nil
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.clear()
}
