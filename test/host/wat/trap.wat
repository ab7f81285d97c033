;; Traps inside run.
(module
  (memory (export "memory") 1)
  (func $deep (unreachable))
  (func (export "run") (call $deep)))
