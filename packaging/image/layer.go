// Package image writes saker's container image: a root file system made
// into one layer and a docker-archive tarball (scripts/image.sh,
// packaging/README.md "Container image").
package image

import (
	"archive/tar"
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"sort"
	"syscall"
	"time"

	"golang.org/x/sys/unix"
)

// pseudoDirs are kept as empty directories: the container runtime mounts
// its own proc, sys and dev there.
var pseudoDirs = map[string]bool{"proc": true, "sys": true, "dev": true}

// WriteLayer writes the tree below root to w as an uncompressed layer tar.
// The same tree always gives the same bytes: each directory's entries in
// byte order of their names, a directory followed by its contents (depth
// first), every time set to mtime,
// numeric owners only (the host's user names mean nothing in the image),
// hard links as links to the first path of the inode, and the one
// extended attribute that changes behaviour, security.capability.
func WriteLayer(w io.Writer, root string, mtime time.Time) error {
	tw := tar.NewWriter(w)
	lw := &layerWriter{tw: tw, root: root, mtime: mtime.UTC().Truncate(time.Second), links: map[inode]string{}}
	st, err := os.Lstat(root)
	if err != nil {
		return fmt.Errorf("layer root: %w", err)
	}
	if !st.IsDir() {
		return fmt.Errorf("layer root %s: not a directory", root)
	}
	if err := lw.dir(""); err != nil {
		return err
	}
	if err := tw.Close(); err != nil {
		return fmt.Errorf("layer: %w", err)
	}
	return nil
}

type inode struct{ dev, ino uint64 }

type layerWriter struct {
	tw    *tar.Writer
	root  string
	mtime time.Time
	links map[inode]string
}

// dir writes the entries below rel (slash-separated, "" for the root).
func (lw *layerWriter) dir(rel string) error {
	f, err := os.Open(filepath.Join(lw.root, filepath.FromSlash(rel)))
	if err != nil {
		return fmt.Errorf("layer: %w", err)
	}
	names, err := f.Readdirnames(-1)
	f.Close()
	if err != nil {
		return fmt.Errorf("layer: read %s: %w", filepath.Join(lw.root, rel), err)
	}
	sort.Strings(names)
	for _, n := range names {
		p := path.Join(rel, n)
		isDir, err := lw.entry(p)
		if err != nil {
			return err
		}
		if isDir && !(rel == "" && pseudoDirs[n]) {
			if err := lw.dir(p); err != nil {
				return err
			}
		}
	}
	return nil
}

// entry writes the header (and contents) of rel and reports whether it is a
// directory to descend into.
func (lw *layerWriter) entry(rel string) (bool, error) {
	full := filepath.Join(lw.root, filepath.FromSlash(rel))
	fi, err := os.Lstat(full)
	if err != nil {
		return false, fmt.Errorf("layer: %w", err)
	}
	st, ok := fi.Sys().(*syscall.Stat_t)
	if !ok {
		return false, fmt.Errorf("layer: %s: no stat data", full)
	}
	hdr := &tar.Header{
		Name:    rel,
		Mode:    int64(st.Mode & 0o7777),
		Uid:     int(st.Uid),
		Gid:     int(st.Gid),
		ModTime: lw.mtime,
	}
	var contents bool
	switch st.Mode & syscall.S_IFMT {
	case syscall.S_IFDIR:
		hdr.Typeflag = tar.TypeDir
		hdr.Name += "/"
	case syscall.S_IFREG:
		key := inode{uint64(st.Dev), st.Ino}
		if first, seen := lw.links[key]; seen && st.Nlink > 1 {
			hdr.Typeflag = tar.TypeLink
			hdr.Linkname = first
			break
		}
		if st.Nlink > 1 {
			lw.links[key] = rel
		}
		hdr.Typeflag = tar.TypeReg
		hdr.Size = st.Size
		contents = true
	case syscall.S_IFLNK:
		hdr.Typeflag = tar.TypeSymlink
		if hdr.Linkname, err = os.Readlink(full); err != nil {
			return false, fmt.Errorf("layer: %w", err)
		}
	case syscall.S_IFCHR, syscall.S_IFBLK:
		hdr.Typeflag = tar.TypeChar
		if st.Mode&syscall.S_IFMT == syscall.S_IFBLK {
			hdr.Typeflag = tar.TypeBlock
		}
		hdr.Devmajor = int64(unix.Major(st.Rdev))
		hdr.Devminor = int64(unix.Minor(st.Rdev))
	case syscall.S_IFIFO:
		hdr.Typeflag = tar.TypeFifo
	default:
		// Sockets are made by running programs; an image has no use for one.
		return false, nil
	}
	if hdr.Typeflag == tar.TypeReg || hdr.Typeflag == tar.TypeDir {
		caps, err := capability(full)
		if err != nil {
			return false, err
		}
		if caps != nil {
			hdr.PAXRecords = map[string]string{"SCHILY.xattr.security.capability": string(caps)}
		}
	}
	if err := lw.tw.WriteHeader(hdr); err != nil {
		return false, fmt.Errorf("layer: %s: %w", rel, err)
	}
	if contents {
		if err := lw.copyFile(full, hdr.Size); err != nil {
			return false, err
		}
	}
	return hdr.Typeflag == tar.TypeDir, nil
}

func (lw *layerWriter) copyFile(full string, size int64) error {
	f, err := os.Open(full)
	if err != nil {
		return fmt.Errorf("layer: %w", err)
	}
	defer f.Close()
	// A file that changed size since its Lstat would make a corrupt tar.
	n, err := io.Copy(lw.tw, io.LimitReader(f, size))
	if err != nil {
		return fmt.Errorf("layer: %s: %w", full, err)
	}
	if n != size {
		return fmt.Errorf("layer: %s: size changed while writing (%d of %d bytes)", full, n, size)
	}
	return nil
}

// capability returns the file's security.capability attribute, or nil.
func capability(full string) ([]byte, error) {
	buf := make([]byte, 64)
	for {
		n, err := unix.Lgetxattr(full, "security.capability", buf)
		switch {
		case err == nil:
			return buf[:n], nil
		case errors.Is(err, unix.ENODATA), errors.Is(err, unix.ENOTSUP):
			return nil, nil
		case errors.Is(err, unix.ERANGE) && len(buf) < 4096:
			buf = make([]byte, 2*len(buf))
		default:
			return nil, fmt.Errorf("layer: %s: security.capability: %w", full, err)
		}
	}
}
