package event

// ParamTable maps every event type to the index of one named parameter in
// its table row (-1 where the row has none). Field extractors look up the
// same few names on every event; a table built once turns that by-name scan
// of the row into one load.
type ParamTable [NumTypes]int8

// NewParamTable builds the table for the parameter called name.
func NewParamTable(name string) *ParamTable {
	var p ParamTable
	for t := range p {
		p[t] = -1
		for i := range Table[t].Params {
			if Table[t].Params[i].Name == name && i <= 127 {
				p[t] = int8(i)
				break
			}
		}
	}
	return &p
}

// Of returns the index of the parameter in rows of type t, or -1.
func (p *ParamTable) Of(t Type) int {
	if int(t) >= NumTypes {
		return -1
	}
	return int(p[t])
}
