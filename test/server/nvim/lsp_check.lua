-- Headless Neovim (0.7+) LSP check: start ftrace-lens over stdio, ask for folding ranges, hover, definition and diagnostics, write them as JSON.
-- Inputs (environment): FTRACE_NODE (node binary), FTRACE_SERVER (server/out/main.js), FTRACE_TRACE (trace file),
-- FTRACE_HOVER_NEEDLE (text of the line to hover, cursor on its first word), FTRACE_OUT (JSON result file).
local env = vim.env
local result = { steps = {} }
local TIMEOUT_MS = 15000

local function step(name)
  table.insert(result.steps, name)
end

local function finish()
  local f = assert(io.open(env.FTRACE_OUT, 'w'))
  f:write(vim.fn.json_encode(result))
  f:close()
  vim.cmd('qall!')
end

local function run()
  vim.cmd('edit ' .. vim.fn.fnameescape(env.FTRACE_TRACE))
  local bufnr = vim.api.nvim_get_current_buf()
  local initialized = false
  local client_id = vim.lsp.start_client({
    name = 'ftrace-lens',
    cmd = { env.FTRACE_NODE, env.FTRACE_SERVER, '--stdio' },
    root_dir = vim.fn.fnamemodify(env.FTRACE_TRACE, ':p:h'),
    on_init = function() initialized = true end,
    on_exit = function(code, signal) result.exit = { code = code, signal = signal } end,
  })
  assert(client_id, 'vim.lsp.start_client returned nil')
  vim.lsp.buf_attach_client(bufnr, client_id)
  step('started')
  assert(vim.wait(TIMEOUT_MS, function() return initialized end, 20), 'server did not initialize')
  local client = vim.lsp.get_client_by_id(client_id)
  result.capabilities = {
    hover = client.server_capabilities.hoverProvider,
    folding = client.server_capabilities.foldingRangeProvider,
    sync = client.server_capabilities.textDocumentSync,
  }
  step('initialized')

  local doc = { textDocument = vim.lsp.util.make_text_document_params(bufnr) }
  local folds, err = vim.lsp.buf_request_sync(bufnr, 'textDocument/foldingRange', doc, TIMEOUT_MS)
  assert(folds, 'foldingRange: ' .. tostring(err))
  result.folding = folds[client_id] and folds[client_id].result
  result.folding_error = folds[client_id] and folds[client_id].error
  step('folding')

  local row = vim.fn.search(vim.fn.escape(env.FTRACE_HOVER_NEEDLE, '\\[]*.~/^$'), 'w')
  assert(row > 0, 'hover line not found')
  local col = vim.fn.stridx(vim.fn.getline(row), env.FTRACE_HOVER_NEEDLE)
  vim.api.nvim_win_set_cursor(0, { row, col })
  result.hover_line = row - 1
  local hovers, herr = vim.lsp.buf_request_sync(bufnr, 'textDocument/hover', vim.lsp.util.make_position_params(), TIMEOUT_MS)
  assert(hovers, 'hover: ' .. tostring(herr))
  result.hover = hovers[client_id] and hovers[client_id].result
  result.hover_error = hovers[client_id] and hovers[client_id].error
  step('hover')

  -- Go to Definition at the same place: the tags file beside the trace (root_dir) names the source.
  local defs, derr = vim.lsp.buf_request_sync(bufnr, 'textDocument/definition', vim.lsp.util.make_position_params(), TIMEOUT_MS)
  assert(defs, 'definition: ' .. tostring(derr))
  result.definition = defs[client_id] and defs[client_id].result
  result.definition_error = defs[client_id] and defs[client_id].error
  step('definition')

  -- Diagnostics are pushed by the server after didOpen; wait for them instead of sleeping.
  vim.wait(TIMEOUT_MS, function() return #vim.diagnostic.get(bufnr) > 0 end, 20)
  result.diagnostics = {}
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    table.insert(result.diagnostics, { lnum = d.lnum, severity = d.severity, message = d.message })
  end
  step('diagnostics')

  vim.lsp.stop_client(client_id)
  vim.wait(TIMEOUT_MS, function() return result.exit ~= nil end, 20)
  step('stopped')
end

local ok, e = pcall(run)
if not ok then result.error = tostring(e) end
finish()
