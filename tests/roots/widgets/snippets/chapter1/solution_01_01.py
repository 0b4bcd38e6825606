# %%
greeting = "안녕"
total = 6 * 7 + 1
print(greeting, total)
