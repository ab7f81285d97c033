;; Never returns from run.
(module
  (memory (export "memory") 1)
  (func (export "run")
    (loop $forever (br $forever))))
