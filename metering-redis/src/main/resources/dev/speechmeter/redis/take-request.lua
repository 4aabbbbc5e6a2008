-- Takes one request token at the organization (KEYS[1]) then the project (KEYS[2]), or at neither.
-- A bucket is one number: the time, in microseconds, at which it is full again ("full at").
-- ARGV: now in microseconds or '' for the server's TIME, organization cap, project cap (0 = none).
-- Returns {refused by (0 none, 1 organization, 2 project), wait in microseconds,
--          organization tokens left, organization microseconds until full, the same for the project}.
-- After rate-check.lua, which reads the buckets and decides, then rate-commit.lua.
-- Written without tables made per call: this runs on every admission.
if refused == 0 then
  commitRate()
end
local oLeft, oUntil = standing(oCap, oFull)
local pLeft, pUntil = standing(pCap, pFull)
return {refused, ceil(wait), oLeft, oUntil, pLeft, pUntil}
