# %%
greeting = ___
total = 6 * ___ + 1
print(greeting, total)
