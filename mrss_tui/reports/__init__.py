"""The weekly county report: computed from the store into a suppressed ``Report`` model, then
rendered as text, CSV or PDF (and shown by the Reports screen). Renderers only ever see the
suppressed model, so no count that privacy rules hide can reach any output."""
