# %%
answer = ___ * 7
print("result:", answer)
