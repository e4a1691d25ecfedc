package state

import (
	"encoding/json"
	"strings"

	"github.com/sakerhq/saker/engine/event"
)

// Container id length in cgroup paths, and the length sysdig reports.
const (
	containerIDLen  = 64
	shortIDLen      = 12
	maxContainerMsg = 1 << 20
)

// cgroupLayout is one way a runtime names a container's cgroup: the id
// follows prefix and is followed by suffix, at the end of the path.
type cgroupLayout struct {
	prefix, suffix, typ string
}

// Checked in order; the plain "/<id>" layout (cgroupfs driver, also used
// under kubepods) comes last so that the systemd names win.
var cgroupLayouts = []cgroupLayout{
	{"/docker-", ".scope", "docker"},
	{"/cri-containerd-", ".scope", "containerd"},
	{"/crio-", ".scope", "cri-o"},
	{"/libpod-", ".scope", "podman"},
	{"/docker/", "", "docker"},
	{"/", "", "cri"},
}

// matchLayout extracts the 12-character container id when cgroup ends with
// prefix, 64 hex digits and suffix.
func matchLayout(cgroup string, l *cgroupLayout) (string, bool) {
	start := strings.LastIndex(cgroup, l.prefix)
	if start < 0 {
		return "", false
	}
	start += len(l.prefix)
	end := len(cgroup) - len(l.suffix)
	if !strings.HasSuffix(cgroup, l.suffix) || end-start != containerIDLen {
		return "", false
	}
	for i := start; i < end; i++ {
		c := cgroup[i]
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F') {
			return "", false
		}
	}
	return cgroup[start : start+shortIDLen], true
}

// containerFromCgroups derives the container id and runtime from a
// thread's cgroups ("subsys=path" entries). The id is "" on the host.
func containerFromCgroups(cgroups []string) (id, typ string) {
	for li := range cgroupLayouts {
		l := &cgroupLayouts[li]
		for _, cg := range cgroups {
			if i := strings.IndexByte(cg, '='); i >= 0 {
				cg = cg[i+1:]
			}
			if id, ok := matchLayout(cg, l); ok {
				if l.typ == "cri" && strings.Contains(cg, "/docker/") {
					return id, "docker"
				}
				return id, l.typ
			}
		}
	}
	return "", ""
}

// containerOf returns the container of the given cgroups, recording the
// container (id and runtime) the first time it is seen.
func (t *Table) containerOf(cgroups []string) (string, *Container) {
	id, typ := containerFromCgroups(cgroups)
	if id == "" {
		return "", nil
	}
	ct := t.containers[id]
	if ct == nil && len(t.containers) < maxContainers {
		ct = &Container{ID: id, Type: typ}
		t.containers[id] = ct
	}
	return id, ct
}

// Container runtimes by the number container events carry (libsinsp's
// sinsp_container_type).
var containerTypes = []string{
	"docker", "lxc", "libvirt-lxc", "mesos", "rkt", "custom", "cri",
	"containerd", "cri-o", "bpm", "static", "podman",
}

func containerType(n uint64) string {
	if n < uint64(len(containerTypes)) {
		return containerTypes[n]
	}
	return ""
}

// containerThread points c at the synthetic thread sysdig reports for a
// container event.
func (t *Table) containerThread(c *EventCtx, id string) {
	name := "container:" + id
	t.container = Thread{
		Tid: -1, Pid: -1, Sid: -1, Vpgid: -1, Vtid: -2, Vpid: -2,
		Comm: name, ContainerID: id, lastFD: -1,
	}
	c.Thread = &t.container
}

// parseContainerOld handles the first container event version: id, type,
// name and image as separate parameters.
func (t *Table) parseContainerOld(ev *event.Event, c *EventCtx) {
	id := string(ev.Str(0))
	if id == "" {
		return
	}
	ct := &Container{
		ID:    id,
		Type:  containerType(uintParam(ev, 1)),
		Name:  string(ev.Str(2)),
		Image: string(ev.Str(3)),
	}
	t.putContainer(ct)
	t.containerThread(c, id)
}

// containerJSON is the part of the container event's JSON the tracker keeps.
type containerJSON struct {
	Container struct {
		ID         string  `json:"id"`
		Type       *uint64 `json:"type"`
		Name       string  `json:"name"`
		Image      string  `json:"image"`
		ImageRepo  string  `json:"imagerepo"`
		ImageTag   string  `json:"imagetag"`
		Privileged bool    `json:"privileged"`
		Mounts     []struct {
			Source      string `json:"Source"`
			Destination string `json:"Destination"`
			Mode        string `json:"Mode"`
			RW          bool   `json:"RW"`
			Propagation string `json:"Propagation"`
		} `json:"Mounts"`
	} `json:"container"`
}

// parseContainerJSON handles container events carrying the container's
// metadata as JSON. A malformed document is ignored: metadata is optional
// and the capture's other events stay usable.
func (t *Table) parseContainerJSON(ev *event.Event, c *EventCtx) {
	p := ev.Str(0)
	if len(p) == 0 || len(p) > maxContainerMsg {
		return
	}
	var doc containerJSON
	if err := json.Unmarshal(p, &doc); err != nil || doc.Container.ID == "" {
		t.stats.BadContainerEvents++
		return
	}
	d := &doc.Container
	ct := &Container{
		ID:         d.ID,
		Name:       d.Name,
		Image:      d.Image,
		ImageRepo:  d.ImageRepo,
		ImageTag:   d.ImageTag,
		Privileged: d.Privileged,
	}
	if d.Type != nil {
		ct.Type = containerType(*d.Type)
	}
	for _, m := range d.Mounts {
		ct.Mounts = append(ct.Mounts, Mount{
			Source: m.Source, Dest: m.Destination, Mode: m.Mode, RW: m.RW, Propagation: m.Propagation,
		})
	}
	t.putContainer(ct)
	t.containerThread(c, ct.ID)
}

func (t *Table) putContainer(ct *Container) {
	if old := t.containers[ct.ID]; old != nil {
		if ct.Type == "" {
			ct.Type = old.Type
		}
	} else if len(t.containers) >= maxContainers {
		return
	}
	t.containers[ct.ID] = ct
}

// parseUserEvent applies a user added/deleted metadata event.
func (t *Table) parseUserEvent(ev *event.Event) {
	u := &User{
		UID: uint32(uintParam(ev, 0)), GID: uint32(uintParam(ev, 1)),
		Name: string(ev.Str(2)), HomeDir: string(ev.Str(3)), Shell: string(ev.Str(4)),
		ContainerID: string(ev.Str(5)),
	}
	if ev.Type() == event.UserDeletedE {
		delete(t.users, userKey{container: u.ContainerID, id: u.UID})
		if u.ContainerID == "" {
			delete(t.hostUsers, u.UID)
		}
		return
	}
	t.putUser(u)
}

// parseGroupEvent applies a group added/deleted metadata event.
func (t *Table) parseGroupEvent(ev *event.Event) {
	g := &Group{GID: uint32(uintParam(ev, 0)), Name: string(ev.Str(1)), ContainerID: string(ev.Str(2))}
	if ev.Type() == event.GroupDeletedE {
		delete(t.groups, userKey{container: g.ContainerID, id: g.GID})
		if g.ContainerID == "" {
			delete(t.hostGroups, g.GID)
		}
		return
	}
	t.putGroup(g)
}
