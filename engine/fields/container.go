package fields

import (
	"path"

	"github.com/sakerhq/saker/engine/state"
)

// container returns the event thread's container id ("" on the host) and
// what the tracker knows of it.
func (c *Ctx) container() (string, *state.Container, bool) {
	th := c.thread()
	if th == nil {
		return "", nil, false
	}
	if th.ContainerID == "" || c.St == nil {
		return th.ContainerID, nil, true
	}
	return th.ContainerID, c.St.Container(th.ContainerID), true
}

func containerField(get func(ct *state.Container, a *Arg, v *Value) bool) ExtractFunc {
	return func(c *Ctx, a *Arg, v *Value) bool {
		id, ct, ok := c.container()
		if !ok || id == "" || ct == nil {
			return false
		}
		return get(ct, a, v)
	}
}

func nonEmpty(v *Value, s string) bool {
	if s == "" {
		return false
	}
	return v.setStr(sb(s))
}

func init() {
	register(
		Def{Name: "container.id", Desc: "container id (12 hex chars), host for host processes", Kind: KindString, fn: func(c *Ctx, _ *Arg, v *Value) bool {
			id, _, ok := c.container()
			if !ok {
				return false
			}
			if id == "" {
				return v.setStr(sb("host"))
			}
			return v.setStr(sb(id))
		}},
		Def{Name: "container.name", Desc: "container name, host for host processes", Kind: KindString, fn: func(c *Ctx, _ *Arg, v *Value) bool {
			id, ct, ok := c.container()
			switch {
			case !ok:
				return false
			case id == "":
				return v.setStr(sb("host"))
			case ct == nil:
				return false
			}
			return nonEmpty(v, ct.Name)
		}},
		Def{Name: "container.image", Desc: "container image as given to the runtime", Kind: KindString, fn: containerField(func(ct *state.Container, _ *Arg, v *Value) bool { return nonEmpty(v, ct.Image) })},
		Def{Name: "container.image.repository", Desc: "image repository", Kind: KindString, fn: containerField(func(ct *state.Container, _ *Arg, v *Value) bool { return nonEmpty(v, ct.ImageRepo) })},
		Def{Name: "container.image.tag", Desc: "image tag", Kind: KindString, fn: containerField(func(ct *state.Container, _ *Arg, v *Value) bool { return nonEmpty(v, ct.ImageTag) })},
		Def{Name: "container.type", Desc: "container runtime: docker, containerd, cri-o, podman, ...", Kind: KindString, fn: func(c *Ctx, _ *Arg, v *Value) bool {
			id, ct, ok := c.container()
			switch {
			case !ok:
				return false
			case id == "":
				return v.setStr(sb("host"))
			case ct == nil:
				return false
			}
			return nonEmpty(v, ct.Type)
		}},
		Def{Name: "container.privileged", Desc: "true for a privileged container", Kind: KindBool, fn: containerField(func(ct *state.Container, _ *Arg, v *Value) bool { return v.setBool(ct.Privileged) })},
		Def{Name: "container.mounts", Desc: "mounts as source:dest:mode:rw:propagation, comma separated", Kind: KindString, fn: func(c *Ctx, a *Arg, v *Value) bool {
			_, ct, ok := c.container()
			if !ok || ct == nil {
				return false
			}
			return v.setStr(c.build(func(d []byte) []byte {
				for i, m := range ct.Mounts {
					if i > 0 {
						d = append(d, ',')
					}
					d = appendMount(d, &m)
				}
				return d
			}))
		}},
		Def{Name: "container.mount.dest", Desc: "source of the mount whose destination matches the glob argument", Kind: KindString, Arg: ArgRequired, fn: func(c *Ctx, a *Arg, v *Value) bool {
			_, ct, ok := c.container()
			if !ok || ct == nil {
				return false
			}
			for i := range ct.Mounts {
				if match, _ := path.Match(a.Key, ct.Mounts[i].Dest); match {
					return v.setStr(sb(ct.Mounts[i].Source))
				}
			}
			return false
		}},
		Def{Name: "container.info", Desc: "container summary for outputs (Falco's %container.info)", Kind: KindString, fn: func(c *Ctx, _ *Arg, v *Value) bool {
			id, ct, ok := c.container()
			if !ok {
				return false
			}
			return v.setStr(c.build(func(d []byte) []byte {
				if id == "" {
					return append(d, "container_id=host container_name=host"...)
				}
				d = append(d, "container_id="...)
				d = append(d, id...)
				d = append(d, " container_name="...)
				if ct != nil && ct.Name != "" {
					return append(d, ct.Name...)
				}
				return append(d, "<NA>"...)
			}))
		}},
	)
}

func appendMount(d []byte, m *state.Mount) []byte {
	d = append(d, m.Source...)
	d = append(d, ':')
	d = append(d, m.Dest...)
	d = append(d, ':')
	d = append(d, m.Mode...)
	d = append(d, ':')
	if m.RW {
		d = append(d, "true"...)
	} else {
		d = append(d, "false"...)
	}
	d = append(d, ':')
	return append(d, m.Propagation...)
}
