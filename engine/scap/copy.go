package scap

import (
	"fmt"
	"io"
)

// CopyOptions select what Copy writes.
type CopyOptions struct {
	// MaxEvents stops the copy after that many events written; 0 copies all.
	MaxEvents int
	// Keep, when set, is asked for every event; false leaves it out.
	Keep func(cpu uint16, ev []byte) bool
}

// Copy reads src and writes it to dst as a capture of its own. Metadata met
// before the first event is written in libscap's order (machine,
// interfaces, users, processes, fd lists); anything later is written where
// it occurs. It returns the number of events written.
func Copy(src *Reader, dst io.Writer, opts CopyOptions) (events int, err error) {
	maxEvents := opts.MaxEvents
	w, err := NewWriter(dst)
	if err != nil {
		return 0, err
	}
	var (
		machine *MachineInfo
		ifaces  *Interfaces
		users   []User
		groups  []Group
		procs   []Process
		fdls    []FDList
		started bool
	)
	flushMeta := func() error {
		if machine != nil {
			if err := w.WriteMachine(*machine); err != nil {
				return err
			}
		}
		if ifaces != nil {
			if err := w.WriteInterfaces(*ifaces); err != nil {
				return err
			}
		}
		if err := w.WriteUsers(users); err != nil {
			return err
		}
		if err := w.WriteGroups(groups); err != nil {
			return err
		}
		if len(procs) > 0 {
			if err := w.WriteProcesses(procs); err != nil {
				return err
			}
		}
		for _, l := range fdls {
			if err := w.WriteFDList(l); err != nil {
				return err
			}
		}
		machine, ifaces, users, groups, procs, fdls = nil, nil, nil, nil, nil, nil
		return nil
	}
	for maxEvents <= 0 || events < maxEvents {
		rec, err := src.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return events, err
		}
		switch rec.Kind {
		case KindEvent:
			if opts.Keep != nil && !opts.Keep(rec.CPU, rec.Event) {
				continue
			}
			if !started {
				if err := flushMeta(); err != nil {
					return events, err
				}
				started = true
			}
			if err := w.WriteEvent(rec.CPU, rec.Flags, rec.Event); err != nil {
				return events, err
			}
			events++
			continue
		case KindMachine:
			machine = rec.Machine
		case KindInterfaces:
			ifaces = rec.Ifaces
		case KindUser:
			users = append(users, *rec.User)
		case KindGroup:
			groups = append(groups, *rec.Group)
		case KindProcess:
			procs = append(procs, *rec.Proc)
		case KindFDList:
			fdls = append(fdls, *rec.FDs)
		case KindSection:
			return events, fmt.Errorf("copy %s: concatenated sections are not handled", src.name)
		}
		if started {
			if err := flushMeta(); err != nil {
				return events, err
			}
		}
	}
	if !started {
		if err := flushMeta(); err != nil {
			return events, err
		}
	}
	return events, w.Close()
}
