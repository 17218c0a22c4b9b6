-- tlsextcap.lua: TlsExtcap companion dissector (TlsExtcap plugin file; "tlsextcap uninstall" removes it).
--
-- A postdissector that reads the packet comments TlsExtcap writes (frame.comment) and shows them as a
-- "TLS annotations" tree: the one-line summary, then every annotated field of the frame's TLS records
-- with its value and explanation; selecting an item highlights its bytes, in the frame or in a tab
-- holding a decrypted or reassembled record. The comment format ("carrier format v1") is described in
-- wireshark/README.md next to this file.
--
-- Wireshark/tshark 4.0 and later (Lua 5.2 API and newer); no external modules.
--   tshark -X lua_script:tlsextcap.lua -r capture.pcapng -Y 'tlsextcap.severity == "error"'
-- Installed by "tlsextcap install" into the personal Lua plugins folder (tshark -G folders). Do not load it
-- both as a plugin and with -X lua_script: a protocol can be registered only once.

local SUMMARY_PREFIX = "TlsExtcap: "
local PART_PREFIX = "TlsExtcap-annotations "
local FORMAT_VERSION = "1"

-- Explanations are wrapped into lines of about this many bytes so they read without scrolling.
local WRAP = 100
-- Expert info messages longer than this are shortened (Wireshark cuts labels at 240 bytes).
local EXPERT_MESSAGE = 200
-- Wireshark refuses trees deeper than gui.max_tree_depth (32 by default); the frame, our protocol item
-- and each node's own children use some of that, so annotation nesting is capped here.
local MAX_DEPTH = 24

local proto = Proto("tlsextcap", "TlsExtcap annotations")

local fields = {
    summary = ProtoField.string("tlsextcap.summary", "Summary", base.UNICODE, "The frame's TlsExtcap summary comment"),
    name = ProtoField.string("tlsextcap.name", "Name", base.UNICODE, "Name of an annotated field"),
    value = ProtoField.string("tlsextcap.value", "Value", base.UNICODE, "Value of an annotated field, as a person reads it"),
    text = ProtoField.string("tlsextcap.text", "Explanation", base.UNICODE, "What the bytes of an annotated field mean"),
    severity = ProtoField.string("tlsextcap.severity", "Severity", base.ASCII, "verified, warning or error (absent on plain fields)"),
    verified = ProtoField.bool("tlsextcap.verified", "Verified", base.NONE, nil, nil, "A check passed (a MAC or a signature verified)"),
    source = ProtoField.string("tlsextcap.source", "Data source", base.UNICODE, "The tab holding the bytes of an annotated field"),
    version = ProtoField.string("tlsextcap.version", "TLS version", base.ASCII, "The connection's negotiated version (from the summary, else from this frame's hello)"),
    cipher_suite = ProtoField.string("tlsextcap.cipher_suite", "Cipher suite", base.ASCII, "The connection's cipher suite (from the summary, else from this frame's ServerHello)"),
    error = ProtoField.string("tlsextcap.error", "Annotation error", base.UNICODE, "The annotation comments are damaged or incomplete"),
}
proto.fields = {
    fields.summary, fields.version, fields.cipher_suite, fields.name, fields.value, fields.text, fields.severity,
    fields.verified, fields.source, fields.error,
}

local experts = {
    error = ProtoExpert.new("tlsextcap.check_failed", "TlsExtcap: a check failed", expert.group.PROTOCOL, expert.severity.ERROR),
    warning = ProtoExpert.new("tlsextcap.check_warning", "TlsExtcap: worth a look", expert.group.PROTOCOL, expert.severity.WARN),
    malformed = ProtoExpert.new("tlsextcap.malformed", "TlsExtcap: annotation comments are damaged", expert.group.MALFORMED, expert.severity.ERROR),
}
proto.experts = { experts.error, experts.warning, experts.malformed }

-- A field of another dissector, or a function returning nothing when this Wireshark does not have it.
local function field_or_nothing(name)
    local ok, field = pcall(Field.new, name)
    if ok and field then
        return field
    end
    return function() end
end

-- The packet comments: frame.comment in 4.0 and later (tree "Packet comments"; notes pitfall 17).
local comment_field = field_or_nothing("frame.comment")
local supported_version_field = field_or_nothing("tls.handshake.extensions.supported_version")
local hello_version_field = field_or_nothing("tls.handshake.version")
local cipher_suite_field = field_or_nothing("tls.handshake.ciphersuite")
local handshake_type_field = field_or_nothing("tls.handshake.type")

local UNESCAPE = { ["\\"] = "\\", t = "\t", n = "\n", r = "\r" }

-- Undoes the carrier escaping (\\, \t, \n, \r); an unknown escape is kept as it is.
local function unescape(s)
    if not s:find("\\", 1, true) then
        return s
    end
    return (s:gsub("\\(.)", UNESCAPE))
end

-- A label is one line: control characters become spaces.
local function one_line(s)
    return (s:gsub("[%c]", " "))
end

local function split_tabs(line)
    local out = {}
    for field in (line .. "\t"):gmatch("([^\t]*)\t") do
        out[#out + 1] = field
    end
    return out
end

local function to_count(s)
    if s and s:match("^%d+$") and #s <= 9 then
        return tonumber(s)
    end
    return nil
end

-- At most `limit` bytes, cut at a character boundary, with "…" when cut.
local function shorten(s, limit)
    if #s <= limit then
        return s
    end
    local cut = limit
    while cut > 1 do
        local b = s:byte(cut + 1)
        if b < 0x80 or b >= 0xC0 then
            break
        end
        cut = cut - 1
    end
    return s:sub(1, cut) .. "…"
end

-- Splits an explanation into lines of at most WRAP bytes, at spaces where possible and never inside a
-- UTF-8 sequence; explicit line breaks are kept.
local function wrap(text)
    local lines = {}
    for paragraph in (text .. "\n"):gmatch("([^\n]*)\n") do
        paragraph = paragraph:gsub("[%c]", " ")
        while #paragraph > WRAP do
            local cut = nil
            for i = WRAP + 1, 2, -1 do
                if paragraph:byte(i) == 32 then
                    cut = i
                    break
                end
            end
            if cut then
                lines[#lines + 1] = paragraph:sub(1, cut - 1)
                paragraph = paragraph:sub(cut + 1)
            else
                cut = WRAP + 1
                while cut > 2 do
                    local b = paragraph:byte(cut)
                    if b < 0x80 or b >= 0xC0 then
                        break
                    end
                    cut = cut - 1
                end
                lines[#lines + 1] = paragraph:sub(1, cut - 1)
                paragraph = paragraph:sub(cut)
            end
        end
        lines[#lines + 1] = paragraph
    end
    return lines
end

-- Reads the frame's comments: the summaries, and the annotation parts by part number.
local function collect(problems)
    local summaries, parts, count = {}, {}, nil
    for _, info in ipairs({ comment_field() }) do
        local comment = info.value
        if type(comment) ~= "string" then
            comment = tostring(comment)
        end
        if comment:sub(1, #SUMMARY_PREFIX) == SUMMARY_PREFIX then
            summaries[#summaries + 1] = comment
        elseif comment:sub(1, #PART_PREFIX) == PART_PREFIX then
            local version, part, total, chunk = comment:match("^TlsExtcap%-annotations (%d+) (%d+)/(%d+)\n(.*)$")
            part, total = to_count(part), to_count(total)
            if not version then
                problems[#problems + 1] = "an annotation comment has a malformed first line"
            elseif version ~= FORMAT_VERSION then
                problems[#problems + 1] = "annotation format version " .. version .. " is not known to this tlsextcap.lua (it reads version " .. FORMAT_VERSION .. ")"
            elseif not part or not total or part < 1 or part > total then
                problems[#problems + 1] = "an annotation comment has an invalid part number"
            elseif count and count ~= total then
                problems[#problems + 1] = "annotation comments disagree on the number of parts (" .. count .. " and " .. total .. ")"
            elseif parts[part] then
                problems[#problems + 1] = "annotation part " .. part .. " appears twice"
            else
                count = total
                parts[part] = chunk
            end
        end
    end
    return summaries, parts, count
end

-- "TLS_AES_128_GCM_SHA256 (0x1301)" -> "TLS_AES_128_GCM_SHA256" (a "Cipher Suite: " prefix, should a
-- version put one there, is dropped too).
local function shown_name(info)
    local display = info and info.display
    if type(display) ~= "string" or display == "" then
        return nil
    end
    display = display:gsub("^[%a ]+: ", "")
    return display:match("^(.-) %(0x%x+%)$") or display
end

-- The version and suite for the columns. The summary ("TlsExtcap: TLS 1.3 TLS_AES_256_GCM_SHA384 | ...")
-- has the connection's negotiated ones on every frame; before the ServerHello it says just "TLS", and
-- then this frame's own hello fields stand in: the first supported_versions entry (the ServerHello's
-- choice, or the client's first offer) else the hello's version, and the suite of a ServerHello (a
-- ClientHello's list is an offer, not a choice).
local function version_and_suite(summaries)
    local version, suite
    local head = summaries[1] and summaries[1]:sub(#SUMMARY_PREFIX + 1):match("^(.-) |")
    if head then
        local rest, last = head:match("^(.-)%s*(%S+)$")
        if last and last:find("_", 1, true) then
            suite, head = last, rest
        end
        if head ~= "" and head ~= "TLS" then
            version = head
        end
    end
    if not version then
        version = shown_name(supported_version_field()) or shown_name(hello_version_field())
    end
    if not suite then
        for _, info in ipairs({ handshake_type_field() }) do
            if info.value == 2 then
                local suites = { cipher_suite_field() }
                suite = shown_name(suites[#suites])
                break
            end
        end
    end
    return version, suite
end

-- The state of one frame's tree while its body lines are added.
local Builder = {}
Builder.__index = Builder

local function new_builder(tvb, root)
    return setmetatable({ tvb = tvb, root = root, sources = {}, stack = {}, problems = 0 }, Builder)
end

function Builder:problem(parent, message)
    local item = (parent or self.root):add(fields.error, message)
    item:set_generated()
    item:add_proto_expert_info(experts.malformed, message)
    self.problems = self.problems + 1
end

-- A gap (a missing part) loses the ancestors of what follows: later nodes hang from the top level.
function Builder:reset()
    self.stack = {}
end

function Builder:source_line(f)
    local index = to_count(f[2])
    if #f ~= 5 or not index or index < 1 then
        self:problem(nil, "malformed data source line")
        return
    end
    local hex = f[5]
    if #hex % 2 ~= 0 or hex:find("[^0-9a-fA-F]") then
        self:problem(nil, "data source " .. index .. " has malformed hex; its fields are shown without bytes")
        hex = ""
    end
    self.sources[index] = { kind = f[3], label = unescape(f[4]), hex = hex }
end

-- The tab of a data source, made once per frame when a node first points into it.
function Builder:source_tvb(index)
    local source = self.sources[index]
    if not source or source.hex == "" then
        return nil, source
    end
    if source.tvb == nil then
        local ok, tvb = pcall(function() return ByteArray.new(source.hex):tvb(source.label) end)
        source.tvb = ok and tvb or false
    end
    return source.tvb or nil, source
end

-- The node's bytes, its source's label, and what is wrong with them (nil when nothing is). A source
-- without hex (left out by the budget) is not wrong: its nodes just have no range.
function Builder:range(index, offset, length)
    local tvb, source = self.tvb, nil
    if index ~= 0 then
        tvb, source = self:source_tvb(index)
        if not source then
            return nil, nil, "data source " .. index .. " is not defined"
        elseif not tvb then
            return nil, source.label, nil
        end
    end
    if offset + length > tvb:len() then
        return nil, source and source.label or nil, "bytes " .. offset .. "+" .. length .. " are not in data source " .. index
    end
    return tvb:range(offset, length), source and source.label or nil, nil
end

function Builder:node_line(f)
    local depth, index, offset, length = to_count(f[2]), to_count(f[3]), to_count(f[4]), to_count(f[5])
    local severity = f[6]
    if #f ~= 9 or not depth or not index or not offset or not length then
        self:problem(nil, "malformed node line")
        return
    end
    local name, value, text = unescape(f[7]), unescape(f[8]), unescape(f[9])

    -- The parent is the nearest earlier node one level up; a node deeper than that is kept under the
    -- deepest node there is.
    local parent_depth = math.min(depth, #self.stack, MAX_DEPTH)
    local parent = parent_depth == 0 and self.root or self.stack[parent_depth]
    for i = #self.stack, parent_depth + 1, -1 do
        self.stack[i] = nil
    end

    local range, label, bad_range = self:range(index, offset, length)
    local item
    if range then
        item = parent:add(fields.name, range, name)
    else
        item = parent:add(fields.name, name)
    end
    item:set_text(one_line(value ~= "" and (name .. ": " .. value) or name))
    self.stack[parent_depth + 1] = item

    local function child(field, content)
        if range then
            return item:add(field, range, content)
        end
        return item:add(field, content)
    end

    if text ~= "" then
        local lines = wrap(text)
        child(fields.text, text):set_text("Explanation: " .. lines[1])
        for i = 2, #lines do
            if range then
                item:add(range, "             " .. lines[i])
            else
                item:add("             " .. lines[i])
            end
        end
    end
    if value ~= "" then
        child(fields.value, value):set_hidden()
    end
    if label then
        child(fields.source, label):set_hidden()
    end

    if severity == "verified" then
        child(fields.severity, severity):set_generated()
        child(fields.verified, true):set_generated()
    elseif severity == "warning" or severity == "error" then
        child(fields.severity, severity):set_generated()
        local message = one_line(value ~= "" and (name .. ": " .. value) or name)
        if text ~= "" then
            message = shorten(message .. " — " .. one_line(text), EXPERT_MESSAGE)
        end
        item:add_proto_expert_info(severity == "error" and experts.error or experts.warning, message)
    elseif severity ~= "none" then
        self:problem(item, "unknown severity \"" .. one_line(severity) .. "\"")
    end

    if bad_range then
        self:problem(item, bad_range)
    end
    if depth > parent_depth then
        self:problem(item, "node at depth " .. depth .. " has no parent at depth " .. (depth - 1))
    end
end

function Builder:body(body)
    for line in (body .. "\n"):gmatch("([^\n]*)\n") do
        if line ~= "" then
            local f = split_tabs(line)
            if f[1] == "N" then
                self:node_line(f)
            elseif f[1] == "S" then
                self:source_line(f)
            else
                self:problem(nil, "malformed line (neither a node nor a data source)")
            end
        end
    end
end

local function dissect(tvb, tree)
    local problems = {}
    local summaries, parts, count = collect(problems)
    if #summaries == 0 and count == nil and #problems == 0 then
        return
    end

    local root = tree:add(proto, tvb())
    root:set_text("TLS annotations")
    for _, summary in ipairs(summaries) do
        root:add(fields.summary, summary):set_text(one_line(summary))
    end
    local version, suite = version_and_suite(summaries)
    if version then
        root:add(fields.version, version):set_generated()
    end
    if suite then
        root:add(fields.cipher_suite, suite):set_generated()
    end

    local builder = new_builder(tvb, root)
    for _, message in ipairs(problems) do
        builder:problem(nil, message)
    end
    if count then
        -- Parts are put back in order; a missing one is reported where it belongs, and what follows it
        -- is parsed on its own (its first line may be a fragment and show as malformed).
        local run = {}
        for part = 1, count do
            if parts[part] then
                run[#run + 1] = parts[part]
            else
                builder:body(table.concat(run))
                run = {}
                builder:problem(nil, "annotation part " .. part .. " of " .. count .. " is missing")
                builder:reset()
            end
        end
        builder:body(table.concat(run))
    end
end

function proto.dissector(tvb, pinfo, tree)
    if not tree then
        return
    end
    local ok, message = pcall(dissect, tvb, tree)
    if not ok then
        local item = tree:add(fields.error, "tlsextcap.lua could not show the annotations: " .. tostring(message))
        item:add_proto_expert_info(experts.malformed, "tlsextcap.lua could not show the annotations")
    end
end

register_postdissector(proto)
